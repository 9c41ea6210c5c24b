/**
 * A wake-up call for readers of the audit outbox (the live stream, webhooks): raised in this process
 * after every committed write transaction. It carries nothing: readers read the audit table from
 * their cursor. Writes committed by other processes sharing the database are found by the readers'
 * own periodic polling.
 */
type Listener = () => void;

const listeners = new Set<Listener>();

/** Calls `listener` after each commit in this process; returns the function that stops it. */
export function onCommit(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Raised by the transaction runner once a write transaction has committed. */
export function signalCommit(): void {
  for (const listener of listeners) {
    try {
      listener();
    } catch {
      // A listener's failure is its own; the write has committed either way.
    }
  }
}
