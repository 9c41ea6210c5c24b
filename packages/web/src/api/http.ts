/**
 * The one client the UI calls the server with: @propolis/client in session mode, same-origin, with
 * the browser's session cookie and the CSRF token on writes (the client reads it from the login
 * answer or the PROPOLIS-XSRF-TOKEN cookie). No retries here: TanStack Query retries what it reads.
 * A 401 on any call but the login and the "who am I" check reports the session as expired (the app
 * then shows the login again).
 */
import { PropolisApiError, PropolisClient, PropolisNetworkError } from '@propolis/client';

/** The server's {type, message} answer, with its HTTP status (`detail` is the message alone). */
export { PropolisApiError as ApiError } from '@propolis/client';

type Listener = () => void;
const expiredListeners = new Set<Listener>();

/** Called when a call answers 401: the session ended (timeout, logout elsewhere). */
export function onSessionExpired(listener: Listener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

const mfaListeners = new Set<Listener>();

/** Called when a call answers that the sign-in policy wants a second factor set up first. */
export function onMfaSetupRequired(listener: Listener): () => void {
  mfaListeners.add(listener);
  return () => mfaListeners.delete(listener);
}

/** Requests whose 401 means "not signed in" rather than "the session ended". */
const SIGN_IN = /^(POST \/api\/v1\/login|GET \/api\/v1\/user\/current)$/;

export const client = new PropolisClient({
  session: true,
  credentials: 'same-origin',
  retry: false,
  onError: (error) => {
    if (error.status === 401 && !SIGN_IN.test(error.request ?? '')) for (const l of expiredListeners) l();
    if (error.status === 403 && error.object?.mfaSetupRequired === true) for (const l of mfaListeners) l();
  },
});

/** Words for any error, for notifications and forms. */
export function errorText(error: unknown): string {
  if (error instanceof PropolisApiError) return error.detail;
  if (error instanceof PropolisNetworkError)
    return 'The server cannot be reached: check the connection and retry.';
  if (error instanceof Error) return error.message;
  return String(error);
}
