import { describe, expect, it } from 'vitest';
import { runBulk } from './bulk';

describe('runBulk', () => {
  it('uses the bulk call when it succeeds', async () => {
    const single: string[] = [];
    const results = await runBulk(
      ['~1', '~2'],
      async () => {},
      async (id) => single.push(id),
    );
    expect(results).toEqual([
      { id: '~1', ok: true },
      { id: '~2', ok: true },
    ]);
    expect(single).toEqual([]);
  });

  it('falls back to one call per item and reports each failure in the original order', async () => {
    const results = await runBulk(
      ['~1', '~2', '~3'],
      async () => {
        throw new Error('batch refused');
      },
      async (id) => {
        if (id === '~2') throw new Error('Alert ~2 not found');
      },
    );
    expect(results).toEqual([
      { id: '~1', ok: true },
      { id: '~2', ok: false, message: 'Alert ~2 not found' },
      { id: '~3', ok: true },
    ]);
  });
});
