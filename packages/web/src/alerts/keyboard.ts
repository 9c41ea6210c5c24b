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

/**
 * What the actions that change alerts need, by TheHive 5's permission names (all of those listed;
 * a TheHive 4 profile's `manageAlert` and `manageCase` imply them). The others only read.
 */
export const ACTION_PERMISSIONS: Partial<Record<TriageAction, readonly string[]>> = {
  toggleRead: ['manageAlert/update'],
  status: ['manageAlert/update'],
  assignToMe: ['manageAlert/update'],
  ignore: ['manageAlert/update'],
  createCase: ['manageAlert/import', 'manageCase/create'],
  mergeIntoCase: ['manageAlert/import', 'manageCase/update'],
};

/** The permissions `action` needs that `granted` (the user's permissions) lacks; none: allowed. */
export function missingPermissions(action: TriageAction, granted: readonly string[]): string[] {
  return (ACTION_PERMISSIONS[action] ?? []).filter((p) => !granted.includes(p));
}

/** The keyboard map for the help sheet: key, what it does, and the action it runs. */
export const KEY_HELP: [string, string, TriageAction?][] = [
  ['j / k (↓ / ↑)', 'next / previous alert'],
  ['J / K', 'extend the selection down / up'],
  ['x', 'select or unselect the alert'],
  ['A', 'select every loaded alert'],
  ['Esc', 'clear the selection, close the preview'],
  ['Enter / o', 'preview the alert'],
  ['e', 'show its observables inline'],
  ['r', 'mark read / unread', 'toggleRead'],
  ['s', 'set the status', 'status'],
  ['a', 'assign to me', 'assignToMe'],
  ['c', 'import into a new case', 'createCase'],
  ['m', 'merge into an existing case', 'mergeIntoCase'],
  ['i', 'ignore (close as Ignored)', 'ignore'],
  ['.', 'show the new alerts'],
  ['/', 'search'],
  ['Ctrl-K', 'command palette'],
  ['?', 'this sheet'],
];

/** The help sheet's lines for a user with `granted` permissions: the keys they may use. */
export function keyHelp(granted: readonly string[]): [string, string][] {
  return KEY_HELP.filter(([, , action]) => !action || missingPermissions(action, granted).length === 0).map(
    ([key, what]) => [key, what],
  );
}

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

/**
 * Whether the previewed alert, once at `index` and no longer among the loaded rows `ids`, left the
 * list (acted on, no longer matching): the page that held it, or the row before it when it was the
 * last one, is loaded without it. Otherwise the list only scrolled away from it.
 */
export function leftTheList(ids: readonly (string | undefined)[], index: number, pageSize: number): boolean {
  const first = Math.floor(index / pageSize) * pageSize;
  for (let i = first; i < first + pageSize; i++) if (ids[i] !== undefined) return true;
  return index > 0 && ids[index - 1] !== undefined;
}
