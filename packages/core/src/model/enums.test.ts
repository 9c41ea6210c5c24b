import { describe, expect, it } from 'vitest';
import {
  isImpactStatus,
  isPap,
  isSeverity,
  isTaskStatus,
  isTlp,
  isTlpV0Input,
  papLabel,
  severityLabel,
  tlpFromV0,
  tlpLabel,
  tlpToV0,
} from './enums.js';

describe('labels', () => {
  it('severity', () => {
    expect([1, 2, 3, 4].map(severityLabel)).toEqual(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
    expect(severityLabel(7)).toBe('7');
    expect(isSeverity(4)).toBe(true);
    expect(isSeverity(0)).toBe(false);
    expect(isSeverity(2.5)).toBe(false);
  });

  it('tlp and pap', () => {
    expect([0, 1, 2, 3, 4].map(tlpLabel)).toEqual(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
    expect([0, 1, 2, 3].map(papLabel)).toEqual(['CLEAR', 'GREEN', 'AMBER', 'RED']);
    expect(isTlp(4)).toBe(true);
    expect(isTlp(5)).toBe(false);
    expect(isPap(4)).toBe(false);
    expect(isTlpV0Input(4)).toBe(true);
    expect(isTlpV0Input('2')).toBe(false);
  });

  it('task and impact statuses', () => {
    expect(isTaskStatus('Cancel')).toBe(true);
    expect(isTaskStatus('Cancelled')).toBe(false);
    expect(isImpactStatus('NotApplicable')).toBe(true);
    expect(isImpactStatus('None')).toBe(false);
  });
});

describe('TLP mapping between v0 (0..3, RED=3) and internal (0..4, RED=4)', () => {
  it('maps v0 to internal', () => {
    expect([0, 1, 2, 3].map((n) => tlpFromV0(n))).toEqual([0, 1, 2, 4]);
    expect(tlpFromV0(4)).toBe(4);
  });

  it('maps internal to v0', () => {
    expect([0, 1, 2, 3, 4].map(tlpToV0)).toEqual([0, 1, 2, 2, 3]);
  });

  it('round-trips v0 → internal → v0', () => {
    for (const v0 of [0, 1, 2, 3]) expect(tlpToV0(tlpFromV0(v0))).toBe(v0);
  });

  it('keeps AMBER+STRICT when a v0 client writes back what it read', () => {
    for (const internal of [0, 1, 2, 3, 4]) expect(tlpFromV0(tlpToV0(internal), internal)).toBe(internal);
    expect(tlpFromV0(3, 3)).toBe(4);
    expect(tlpFromV0(1, 3)).toBe(1);
  });
});
