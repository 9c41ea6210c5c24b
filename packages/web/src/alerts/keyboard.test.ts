import { describe, expect, it } from 'vitest';
import {
  followActive,
  KEY_HELP,
  keyHelp,
  leftTheList,
  missingPermissions,
  moveCursor,
  triageAction,
} from './keyboard';

describe('triage keyboard', () => {
  it('maps plain keys and ignores them in text fields or with modifiers', () => {
    expect(triageAction({ key: 'j' })).toBe('down');
    expect(triageAction({ key: 'J', shiftKey: true })).toBe('extendDown');
    expect(triageAction({ key: 'x' })).toBe('toggleSelect');
    expect(triageAction({ key: 'Enter' })).toBe('preview');
    expect(triageAction({ key: 'i' })).toBe('ignore');
    expect(triageAction({ key: 'j', inEditable: true })).toBeUndefined();
    expect(triageAction({ key: 'k', ctrlKey: true })).toBeUndefined();
    expect(triageAction({ key: 'q' })).toBeUndefined();
  });

  it('leaves Enter and Space to a focused link or button, not the other keys', () => {
    expect(triageAction({ key: 'Enter', onControl: true })).toBeUndefined();
    expect(triageAction({ key: ' ', onControl: true })).toBeUndefined();
    expect(triageAction({ key: 'j', onControl: true })).toBe('down');
    expect(triageAction({ key: 'm', onControl: true })).toBe('mergeIntoCase');
  });

  const ids = ['~1', '~2', '~3', undefined];
  it('moves within the list and selects by id', () => {
    let c = { active: 0, selected: new Set<string>() as ReadonlySet<string> };
    c = moveCursor(c, 'up', ids, 4);
    expect(c.active).toBe(0);
    c = moveCursor(c, 'toggleSelect', ids, 4);
    c = moveCursor(c, 'down', ids, 4);
    c = moveCursor(c, 'extendDown', ids, 4);
    expect(c.active).toBe(2);
    expect([...c.selected]).toEqual(['~1', '~2', '~3']);
    c = moveCursor(c, 'toggleSelect', ids, 4);
    expect([...c.selected]).toEqual(['~1', '~2']);
    c = moveCursor(c, 'down', ids, 4);
    c = moveCursor(c, 'down', ids, 4);
    expect(c.active).toBe(3);
    // a row not loaded yet cannot be selected
    expect(moveCursor(c, 'toggleSelect', ids, 4)).toBe(c);
    expect(moveCursor(c, 'clearSelection', ids, 4).selected.size).toBe(0);
    expect(moveCursor(c, 'selectAll', ids, 4).selected.size).toBe(3);
  });

  it('keeps the active alert when new rows arrive above it', () => {
    expect(followActive('~2', ['~9', '~8', '~1', '~2'], 1)).toBe(3);
    expect(followActive('~2', ['~1', '~2'], 1)).toBe(1);
    expect(followActive('~7', ['~1', '~2'], 1)).toBe(1);
  });

  it('says which permissions a change needs, and nothing for what only reads', () => {
    expect(missingPermissions('status', [])).toEqual(['manageAlert/update']);
    expect(missingPermissions('createCase', ['manageAlert/import'])).toEqual(['manageCase/create']);
    expect(missingPermissions('mergeIntoCase', ['manageCase/update'])).toEqual(['manageAlert/import']);
    expect(missingPermissions('ignore', ['manageAlert/update'])).toEqual([]);
    for (const action of ['down', 'toggleSelect', 'preview', 'expand', 'help', 'showNew'] as const)
      expect(missingPermissions(action, [])).toEqual([]);
  });

  it('lists in the help sheet only the keys the profile allows', () => {
    const keys = (granted: string[]) => keyHelp(granted).map(([key]) => key);
    for (const key of ['r', 's', 'a', 'c', 'm', 'i']) expect(keys([])).not.toContain(key);
    expect(keys([])).toEqual(expect.arrayContaining(['j / k (↓ / ↑)', 'x', 'Enter / o', 'e', '?']));
    expect(keys(['manageAlert/update'])).toEqual(expect.arrayContaining(['r', 's', 'a', 'i']));
    expect(keys(['manageAlert/update'])).not.toContain('c');
    const all = ['manageAlert/update', 'manageAlert/import', 'manageCase/create', 'manageCase/update'];
    expect(keyHelp(all)).toHaveLength(KEY_HELP.length);
  });

  it('tells an alert that left the list from a list scrolled away from it', () => {
    const loaded = (from: number, to: number) => {
      const ids: (string | undefined)[] = [];
      for (let i = from; i < to; i++) ids[i] = `~${i}`;
      return ids;
    };
    // its page is loaded without it: it left
    expect(leftTheList(loaded(100, 199), 150, 100)).toBe(true);
    // it was the last row, alone on its page: the row before it is loaded
    expect(leftTheList(loaded(0, 200), 200, 100)).toBe(true);
    // the list shows other pages: scrolled away
    expect(leftTheList(loaded(1200, 1300), 150, 100)).toBe(false);
    expect(leftTheList([], 0, 100)).toBe(false);
  });
});
