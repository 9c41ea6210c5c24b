import { describe, expect, it } from 'vitest';
import { CLOSED, type PaletteKey, type PaletteState, paletteKey } from './palette-keys';

const key = (k: string, more: Partial<PaletteKey> = {}): PaletteKey => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inField: false,
  ...more,
});
const run = (state: PaletteState, keys: PaletteKey[]) =>
  keys.reduce((s, k) => {
    const out = paletteKey(s, k);
    return out.kind === 'take' ? out.state : s;
  }, state);

describe('the command palette keys', () => {
  it('opens on Ctrl-K or ⌘K, and a second press closes it', () => {
    expect(paletteKey(CLOSED, key('k', { ctrlKey: true }))).toEqual({
      kind: 'take',
      state: { phase: 'opening', typed: '' },
    });
    expect(paletteKey(CLOSED, key('K', { metaKey: true })).kind).toBe('take');
    expect(paletteKey({ phase: 'open', typed: '' }, key('k', { ctrlKey: true }))).toEqual({
      kind: 'take',
      state: CLOSED,
    });
    // Ctrl-Alt-K is not the shortcut
    expect(paletteKey(CLOSED, key('k', { ctrlKey: true, altKey: true }))).toEqual({ kind: 'pass' });
  });

  it('leaves Ctrl-K to a text field while closed', () => {
    expect(paletteKey(CLOSED, key('k', { ctrlKey: true, inField: true }))).toEqual({ kind: 'pass' });
  });

  it('keeps what is typed while the palette loads, and stops it from reaching the screen', () => {
    const opening = run(CLOSED, [key('k', { ctrlKey: true })]);
    expect(paletteKey(opening, key('j'))).toEqual({
      kind: 'take',
      state: { phase: 'opening', typed: 'j' },
    });
    const typed = run(opening, [key('#'), key('4'), key('3'), key('Backspace'), key('2'), key('Shift')]);
    expect(typed).toEqual({ phase: 'opening', typed: '#42' });
    // Enter while loading waits: swallowed, not replayed
    expect(paletteKey(typed, key('Enter'))).toEqual({ kind: 'take', state: typed });
    // Escape gives up
    expect(paletteKey(typed, key('Escape'))).toEqual({ kind: 'take', state: CLOSED });
  });

  it('lets every other key through when closed or once the search box has the focus', () => {
    for (const k of ['j', 'x', 'Enter', 'Escape', 'Backspace'])
      expect(paletteKey(CLOSED, key(k))).toEqual({ kind: 'pass' });
    expect(paletteKey({ phase: 'open', typed: '' }, key('a', { inField: true }))).toEqual({ kind: 'pass' });
    expect(paletteKey({ phase: 'open', typed: '' }, key('Escape'))).toEqual({ kind: 'pass' });
  });
});
