import { describe, expect, it } from 'vitest';
import { alertSearchOf, alertView, caseSearchOf, caseView } from './saved-view-state';

describe('saved view state', () => {
  it('keeps the alert list filters, text, sort and columns, not the preview', () => {
    const search = {
      q: 'phish',
      f: [
        [{ field: 'severity', op: 'in' as const, value: ['3', '4'] }],
        [{ field: 'status', op: 'is' as const, value: 'New' }],
      ],
      sort: ['-date', '+severity'],
      cols: ['title', 'customFields.score'],
      preview: '~42',
    };
    const view = alertView(search);
    expect(view).toEqual({
      filters: { q: 'phish', f: search.f },
      sort: ['-date', '+severity'],
      columns: ['title', 'customFields.score'],
    });
    expect(alertSearchOf(view, '~7')).toEqual({ ...search, preview: '~7' });
  });

  it('gives the default list for an empty view and drops what it cannot read', () => {
    expect(alertSearchOf({ filters: {}, sort: [], columns: [] })).toEqual({
      q: undefined,
      f: undefined,
      sort: undefined,
      cols: undefined,
      preview: undefined,
    });
    const odd = alertSearchOf({
      filters: { f: [[{ field: 'x', op: 'drop table' }], 'nope'], q: 42 },
      sort: [],
      columns: [],
    });
    expect(odd.f).toBeUndefined();
    expect(odd.q).toBeUndefined();
  });

  it('keeps the case list text, open-only switch and sort', () => {
    const view = caseView({ q: 'ransom', open: false, sort: ['-severity'] });
    expect(view).toEqual({ filters: { q: 'ransom', open: false }, sort: ['-severity'], columns: [] });
    expect(caseSearchOf(view)).toEqual({ q: 'ransom', open: false, sort: ['-severity'] });
    expect(caseSearchOf(caseView({}))).toEqual({ q: undefined, open: undefined, sort: undefined });
  });
});
