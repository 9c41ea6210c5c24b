/**
 * Time-based one-time passwords (RFC 6238) for the optional second factor.
 */
import { Secret, TOTP } from 'otpauth';

const totpFor = (secret: string, label = 'propolis') =>
  new TOTP({
    issuer: 'Propolis',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });

export const newTotpSecret = () => new Secret({ size: 20 }).base32;

export const totpUri = (secret: string, login: string) => totpFor(secret, login).toString();

/** Accepts the current code and one period either side, to allow for clock drift. */
export function verifyTotp(secret: string, code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totpFor(secret).validate({ token: code, window: 1 }) !== null;
}

/** The current code; used by tests and by the CLI to help administrators. */
export const currentTotp = (secret: string) => totpFor(secret).generate();
