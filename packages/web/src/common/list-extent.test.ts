import { describe, expect, it } from 'vitest';
import { type Extent, listCount, nextExtent } from './list-extent';

const P = 100;
const full = (page: number) => ({ page, rows: P });

describe('a windowed list past the counting threshold', () => {
  it('is the total below the threshold, whatever was read', () => {
    const extent = nextExtent(undefined, 'k', [full(0), { page: 1, rows: 40 }], P);
    expect(listCount(140, 1000, extent, P)).toBe(140);
    expect(listCount(undefined, 1000, extent, P)).toBe(0);
    // no threshold: never capped
    expect(listCount(5000, 0, nextExtent(undefined, 'k', [full(0)], P), P)).toBe(5000);
  });

  it('grows a page beyond the furthest page read', () => {
    let extent = nextExtent(undefined, 'k', [full(0)], P);
    expect(listCount(1000, 1000, extent, P)).toBe(1000);
    extent = nextExtent(extent, 'k', [full(0), full(9)], P);
    expect(listCount(1000, 1000, extent, P)).toBe(1100);
    extent = nextExtent(extent, 'k', [full(0), full(10)], P);
    expect(listCount(1000, 1000, extent, P)).toBe(1200);
  });

  it('does not shrink while the page scrolled to has no data yet (the scroll stop of 1,300 rows)', () => {
    let extent = nextExtent(undefined, 'k', [full(0), full(11), full(12)], P);
    expect(listCount(1000, 1000, extent, P)).toBe(1400);
    // scrolled onto page 13: only page 0 has data among the pages observed now
    extent = nextExtent(extent, 'k', [full(0)], P);
    expect(listCount(1000, 1000, extent, P)).toBe(1400);
    // scrolled back: the pages seen again change nothing
    extent = nextExtent(extent, 'k', [full(0), full(5)], P);
    expect(listCount(1000, 1000, extent, P)).toBe(1400);
    extent = nextExtent(extent, 'k', [full(0), full(13)], P);
    expect(listCount(1000, 1000, extent, P)).toBe(1500);
  });

  it('ends at a short page, also an empty one, and the same reads again change nothing', () => {
    let extent = nextExtent(undefined, 'k', [full(0), full(24), full(25)], P);
    extent = nextExtent(extent, 'k', [full(0), full(25), { page: 26, rows: 0 }], P);
    expect(listCount(1000, 1000, extent, P)).toBe(2600);
    const again = nextExtent(extent, 'k', [full(0), full(25), { page: 26, rows: 0 }], P);
    expect(again).toEqual(extent);
    // scrolled back onto the last full page (the list clamped to its end): it still ends there
    extent = nextExtent(extent, 'k', [full(0), full(25)], P);
    expect(listCount(1000, 1000, extent, P)).toBe(2600);
    // back at the top, the end stays known
    extent = nextExtent(extent, 'k', [full(0)], P);
    expect(listCount(1000, 1000, extent, P)).toBe(2600);
    extent = nextExtent(extent, 'k', [full(0), { page: 25, rows: 37 }], P);
    expect(listCount(1000, 1000, extent, P)).toBe(2537);
  });

  it('shrinks when a page read says the list ends earlier now, and grows again past it', () => {
    let extent: Extent = nextExtent(undefined, 'k', [full(0), full(19)], P);
    expect(listCount(1000, 1000, extent, P)).toBe(2100);
    // rows left the list (closed under a filter that hides them): page 12 is the last one now
    extent = nextExtent(extent, 'k', [full(0), { page: 12, rows: 50 }], P);
    expect(listCount(1000, 1000, extent, P)).toBe(1250);
    // rows arrived: page 12 is full again, the list may go on
    extent = nextExtent(extent, 'k', [full(0), full(12)], P);
    expect(listCount(1000, 1000, extent, P)).toBe(1400);
  });

  it('starts afresh for another list definition', () => {
    const extent = nextExtent(undefined, 'a', [full(0), full(30)], P);
    expect(listCount(1000, 1000, extent, P)).toBe(3200);
    const other = nextExtent(extent, 'b', [full(0)], P);
    expect(other).toEqual({ key: 'b', known: 100, end: undefined });
    expect(listCount(1000, 1000, other, P)).toBe(1000);
  });
});
