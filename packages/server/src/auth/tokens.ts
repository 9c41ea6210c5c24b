/**
 * Random secrets (API keys, session tokens, CSRF tokens) and their storage hashes.
 * These secrets are 256-bit random, so a fast hash is enough to store them safely.
 */
import { createHash, randomBytes } from 'node:crypto';

export const newSecret = () => randomBytes(32).toString('base64url');
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
