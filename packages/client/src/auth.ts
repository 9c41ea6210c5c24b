/**
 * The three ways to authenticate, as the server accepts them (packages/server/src/auth/authenticate.ts):
 * an API key (`Authorization: Bearer`), HTTP Basic, or a session. A session is opened by
 * POST /api/v1/login, which sets the PROPOLIS-SESSION cookie (http-only) and the PROPOLIS-XSRF-TOKEN
 * cookie, and answers the CSRF token in the X-Propolis-XSRF-Token header; every cookie-authenticated
 * write must send that token back in the X-Propolis-XSRF-Token header.
 *
 * In a browser the cookies are the browser's (fetch sends them); in Node this keeps them in a small
 * jar of its own. Browser-safe: base64 through TextEncoder and btoa, no Buffer.
 */

export const CSRF_HEADER = 'X-Propolis-XSRF-Token';
export const CSRF_COOKIE = 'PROPOLIS-XSRF-TOKEN';

export type Credentials =
  | { kind: 'key'; apiKey: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'session' };

/** Base64 of the UTF-8 bytes of `text` (what HTTP Basic needs for non-ASCII passwords). */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${base64Utf8(`${username}:${password}`)}`;
}

/** Session state: the cookies this client received (Node) and the CSRF token. */
export class SessionState {
  private readonly cookies = new Map<string, string>();
  private csrf: string | undefined;

  /** Records the cookies and CSRF token of an answer. */
  absorb(response: Response): void {
    const token = response.headers.get(CSRF_HEADER);
    if (token) this.csrf = token;
    // getSetCookie: Node's fetch; browsers hide Set-Cookie (they keep the cookies themselves)
    const setCookies =
      typeof response.headers.getSetCookie === 'function' ? response.headers.getSetCookie() : [];
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some(
        (a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\s*$/i.test(a),
      );
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
      if (name === CSRF_COOKIE) this.csrf = value === '' || expired ? undefined : value;
    }
  }

  /** The Cookie header to send (Node), or undefined (browsers send their own). */
  cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** The CSRF token: the one received, else the browser's PROPOLIS-XSRF-TOKEN cookie. */
  csrfToken(): string | undefined {
    if (this.csrf) return this.csrf;
    const doc = (globalThis as { document?: { cookie?: string } }).document;
    const match = doc?.cookie?.match(/(?:^|;\s*)PROPOLIS-XSRF-TOKEN=([^;]*)/);
    return match?.[1] ? decodeURIComponent(match[1]) : undefined;
  }

  clear(): void {
    this.cookies.clear();
    this.csrf = undefined;
  }
}
