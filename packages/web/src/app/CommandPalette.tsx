/**
 * Ctrl-K, the command palette. Only this small part is in the entry bundle: it owns the shortcut from
 * the first screen on and loads the palette itself (PaletteBody.tsx, Mantine Spotlight) when the
 * browser is first idle, or at once on a Ctrl-K pressed before that; the keys typed until its search
 * box has the focus are kept and given to it (palette-keys.ts).
 */
import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react';
import { whenIdle } from '../common/idle';
import { CLOSED, type PaletteState, paletteKey } from './palette-keys';

const load = () => import('./PaletteBody');
let loading: ReturnType<typeof load> | undefined;
const loadBody = () => {
  loading ??= load();
  return loading;
};
const PaletteBody = lazy(() => loadBody().then((m) => ({ default: m.PaletteBody })));

let state: PaletteState = CLOSED;
/** Whether the palette's code has been asked for (it stays mounted afterwards, closed or open). */
let wanted = false;
const listeners = new Set<() => void>();
function setState(next: PaletteState): void {
  if (next === state) return;
  state = next;
  if (next.phase !== 'closed') wanted = true;
  for (const l of listeners) l();
}
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};
const snapshot = () => state;

export function openPalette(): void {
  if (state.phase === 'closed') setState({ phase: 'opening', typed: '' });
}

function inField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el?.closest) return false;
  return Boolean(el.closest('input, textarea, select, [contenteditable="true"]'));
}

function onKeyDown(event: KeyboardEvent): void {
  const outcome = paletteKey(state, {
    key: event.key,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    inField: inField(event.target),
  });
  if (outcome.kind === 'pass') return;
  event.preventDefault();
  // the screens listen on window too: the palette's keys must not reach them
  event.stopImmediatePropagation();
  setState(outcome.state);
}

export function CommandPalette({ admin }: { admin: { section: string; label: string }[] }) {
  const current = useSyncExternalStore(subscribe, snapshot);
  useEffect(() => {
    // capture, on window: before the screens' own key handlers
    window.addEventListener('keydown', onKeyDown, true);
    // loaded while nobody waits, so the first Ctrl-K usually opens it at once
    const cancel = whenIdle(() => void loadBody());
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      cancel();
    };
  }, []);
  if (!wanted && current.phase === 'closed') return null;
  return (
    <Suspense fallback={null}>
      <PaletteBody
        admin={admin}
        opened={current.phase !== 'closed'}
        typed={current.typed}
        onReady={() => {
          if (state.phase === 'opening') setState({ phase: 'open', typed: '' });
        }}
        onClose={() => setState(CLOSED)}
      />
    </Suspense>
  );
}
