/**
 * A wake-up call for the fan-out when notifications change in this process (it reloads them at once
 * instead of at its next periodic reload, which brings other nodes' changes).
 */
type Listener = () => void;
const listeners = new Set<Listener>();

export function onNotificationsChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signalNotificationsChanged(): void {
  for (const l of listeners) {
    try {
      l();
    } catch {
      // the listener's own failure
    }
  }
}
