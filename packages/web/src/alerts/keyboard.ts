/**
 * The triage keyboard map (docs/ui.md) as a pure function of a key press, so it is tested without a
 * browser, and the list's cursor/selection rules it drives.
 */
export type TriageAction =
  | 'down'
  | 'up'
  | 'extendDown'
  | 'extendUp'
  | 'toggleSelect'
  | 'selectAll'
  | 'clearSelection'
  | 'preview'
  | 'toggleRead'
  | 'status'
  | 'assignToMe'
  | 'createCase'
  | 'mergeIntoCase'
  | 'ignore'
  | 'expand'
  | 'showNew'
  | 'help'
  | 'focusSearch';

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  /** The key was typed into a text field, a menu or a dialog: the list ignores it. */
  inEditable?: boolean;
  /** The focus is on a link or a button (in the preview, say): Enter and Space are theirs. */
  onControl?: boolean;
}

const PLAIN: Record<string, TriageAction> = {
  j: 'down',
  ArrowDown: 'down',
  k: 'up',
  ArrowUp: 'up',
  J: 'extendDown',
  K: 'extendUp',
  x: 'toggleSelect',
  A: 'selectAll',
  Escape: 'clearSelection',
  Enter: 'preview',
  o: 'preview',
  r: 'toggleRead',
  s: 'status',
  a: 'assignToMe',
  c: 'createCase',
  m: 'mergeIntoCase',
  i: 'ignore',
  e: 'expand',
  '.': 'showNew',
  '?': 'help',
  '/': 'focusSearch',
};

export function triageAction(press: KeyPress): TriageAction | undefined {
  if (press.inEditable || press.ctrlKey || press.metaKey || press.altKey) return undefined;
  if (press.onControl && (press.key === 'Enter' || press.key === ' ')) return undefined;
  return PLAIN[press.key];
}

/** The keyboard map for the help sheet: key → what it does. */
export const KEY_HELP: [string, string][] = [
  ['j / k (↓ / ↑)', 'next / previous alert'],
  ['J / K', 'extend the selection down / up'],
  ['x', 'select or unselect the alert'],
  ['A', 'select every loaded alert'],
  ['Esc', 'clear the selection, close the preview'],
  ['Enter / o', 'preview the alert'],
  ['e', 'show its observables inline'],
  ['r', 'mark read / unread'],
  ['s', 'set the status'],
  ['a', 'assign to me'],
  ['c', 'import into a new case'],
  ['m', 'merge into an existing case'],
  ['i', 'ignore (close as Ignored)'],
  ['.', 'show the new alerts'],
  ['/', 'search'],
  ['Ctrl-K', 'command palette'],
  ['?', 'this sheet'],
];

export interface Cursor {
  /** Index of the active row. */
  active: number;
  /** Selected ids. */
  selected: ReadonlySet<string>;
}

/** Applies a movement or selection action over `ids` (the loaded rows, in order; undefined = not loaded). */
export function moveCursor(
  cursor: Cursor,
  action: TriageAction,
  ids: (string | undefined)[],
  total: number,
): Cursor {
  const last = Math.max(0, total - 1);
  const clamp = (n: number) => Math.min(last, Math.max(0, n));
  const withId = (set: Set<string>, index: number, on: boolean) => {
    const id = ids[index];
    if (id) on ? set.add(id) : set.delete(id);
    return set;
  };
  switch (action) {
    case 'down':
      return { ...cursor, active: clamp(cursor.active + 1) };
    case 'up':
      return { ...cursor, active: clamp(cursor.active - 1) };
    case 'extendDown':
    case 'extendUp': {
      const next = clamp(cursor.active + (action === 'extendDown' ? 1 : -1));
      const set = withId(new Set(cursor.selected), cursor.active, true);
      return { active: next, selected: withId(set, next, true) };
    }
    case 'toggleSelect': {
      const id = ids[cursor.active];
      if (!id) return cursor;
      return {
        ...cursor,
        selected: withId(new Set(cursor.selected), cursor.active, !cursor.selected.has(id)),
      };
    }
    case 'selectAll':
      return { ...cursor, selected: new Set(ids.filter((id): id is string => Boolean(id))) };
    case 'clearSelection':
      return { ...cursor, selected: new Set() };
    default:
      return cursor;
  }
}

/** Keeps the active row on the same alert when rows move (live updates): by id, else the same index. */
export function followActive(
  previousId: string | undefined,
  ids: (string | undefined)[],
  index: number,
): number {
  if (!previousId || ids[index] === previousId) return index;
  const found = ids.indexOf(previousId);
  return found >= 0 ? found : index;
}
