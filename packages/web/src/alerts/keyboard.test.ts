import { describe, expect, it } from 'vitest';
import { followActive, moveCursor, triageAction } from './keyboard';

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
});
