import { describe, expect, it } from 'vitest';
import { uuidv7 } from './request-id.js';

describe('request ids', () => {
  it('are UUID v7: well formed, unique, ordered by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.slice(0, 13)).toBe('018bcfe5-6800');
    expect(a < b).toBe(true);
    const many = new Set(Array.from({ length: 1000 }, () => uuidv7()));
    expect(many.size).toBe(1000);
  });
});
