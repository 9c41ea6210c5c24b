import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HEAP_GROWTH_PERCENT, heapGrowthPercent } from './heap-growth.js';

describe('heap growth cap of propolis serve', () => {
  it('caps the growth by default and takes PROPOLIS_HEAP_GROWTH_PERCENT', () => {
    expect(heapGrowthPercent({}, [])).toBe(DEFAULT_HEAP_GROWTH_PERCENT);
    expect(heapGrowthPercent({ PROPOLIS_HEAP_GROWTH_PERCENT: '' }, [])).toBe(DEFAULT_HEAP_GROWTH_PERCENT);
    expect(heapGrowthPercent({ PROPOLIS_HEAP_GROWTH_PERCENT: ' 80 ' }, [])).toBe(80);
    expect(heapGrowthPercent({ PROPOLIS_HEAP_GROWTH_PERCENT: '0' }, [])).toBeUndefined();
  });

  it('keeps a heap flag given to Node itself', () => {
    expect(heapGrowthPercent({ NODE_OPTIONS: '--max-old-space-size=2048' }, [])).toBeUndefined();
    expect(heapGrowthPercent({ NODE_OPTIONS: '--enable-source-maps' }, [])).toBe(DEFAULT_HEAP_GROWTH_PERCENT);
    expect(heapGrowthPercent({}, ['--heap-growing-percent=20'])).toBeUndefined();
    expect(
      heapGrowthPercent({ PROPOLIS_HEAP_GROWTH_PERCENT: '80' }, ['--max_heap_size=512']),
    ).toBeUndefined();
  });

  it('refuses a value that is not a percentage, saying what to set', () => {
    for (const bad of ['-5', '1.5', 'half', '5000'])
      expect(() => heapGrowthPercent({ PROPOLIS_HEAP_GROWTH_PERCENT: bad }, [])).toThrow(
        /PROPOLIS_HEAP_GROWTH_PERCENT must be a whole number of percent from 0/,
      );
  });

  it('bounds the heap of a process that makes garbage over a live set', () => {
    // The flag set at run time, as `propolis serve` does, against V8's default in the same script:
    // the capped heap stays within 1.5x + the young generation of the 40 MB kept, the default does not.
    const script = `
      const v8 = require('node:v8');
      if (process.argv[1] === 'capped') v8.setFlagsFromString('--heap-growing-percent=50');
      const live = []; for (let i = 0; i < 400000; i++) live.push({ a: 'x' + i, b: [i, i + 1] });
      let peak = 0, keep = []; const t = Date.now();
      while (Date.now() - t < 2500) {
        for (let i = 0; i < 20000; i++) keep.push({ s: JSON.stringify({ i, t: 'title ' + i, o: [1, 2, 3] }) });
        if (keep.length > 200000) keep = [];
        peak = Math.max(peak, process.memoryUsage().heapTotal);
      }
      console.log(Math.round(peak / 2 ** 20));`;
    const peak = (mode: string) =>
      Number(spawnSync(process.execPath, ['-e', script, mode], { encoding: 'utf8' }).stdout.trim());
    const capped = peak('capped');
    const free = peak('default');
    expect(capped, `capped ${capped} MB, default ${free} MB`).toBeGreaterThan(0);
    expect(capped).toBeLessThan(free);
  }, 20_000);
});
