/**
 * The command palette's keys before its search box has the focus (pure, unit-tested): Ctrl-K (⌘K)
 * opens it from the first screen on, even while its code is still loading, and what is typed until
 * the box takes the focus is kept for it rather than reaching the screen below (where `j`, `x` or
 * `c` would act on alerts).
 */

export type PalettePhase = 'closed' | 'opening' | 'open';

export interface PaletteState {
  phase: PalettePhase;
  /** Keys typed while opening, given to the search box. */
  typed: string;
}

export interface PaletteKey {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The key went to a text field, a list box or editable content (the shortcut is theirs then). */
  inField: boolean;
}

export type PaletteKeyOutcome =
  /** Not the palette's: let it through. */
  | { kind: 'pass' }
  /** The palette's: stop it (the screen below must not see it) and move to `state`. */
  | { kind: 'take'; state: PaletteState };

export const CLOSED: PaletteState = { phase: 'closed', typed: '' };

export function isPaletteShortcut(k: PaletteKey): boolean {
  return (k.ctrlKey || k.metaKey) && !k.altKey && k.key.toLowerCase() === 'k';
}

export function paletteKey(state: PaletteState, k: PaletteKey): PaletteKeyOutcome {
  if (isPaletteShortcut(k)) {
    // like Mantine's own shortcut: a text field keeps Ctrl-K, unless the palette is already opening
    if (state.phase === 'closed')
      return k.inField ? { kind: 'pass' } : { kind: 'take', state: { phase: 'opening', typed: '' } };
    return { kind: 'take', state: CLOSED };
  }
  if (state.phase !== 'opening') return { kind: 'pass' };
  if (k.key === 'Escape') return { kind: 'take', state: CLOSED };
  if (k.key === 'Backspace') return { kind: 'take', state: { ...state, typed: state.typed.slice(0, -1) } };
  if (k.key.length === 1 && !k.ctrlKey && !k.metaKey && !k.altKey)
    return { kind: 'take', state: { ...state, typed: state.typed + k.key } };
  // any other key while opening (Enter, arrows, Tab) waits for the box: swallowed, not replayed
  return { kind: 'take', state };
}
