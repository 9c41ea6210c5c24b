import { describe, expect, it } from 'vitest';
import { PropolisError } from '../errors.js';
import { failure, orThrow, shown, success } from './result.js';

describe('results', () => {
  it('orThrow returns the value or throws a BadRequest with the message', () => {
    expect(orThrow(success(3))).toBe(3);
    try {
      orThrow(failure('Invalid value for custom field "x": expected integer, got "a"'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PropolisError);
      expect((error as PropolisError).type).toBe('BadRequest');
      expect((error as PropolisError).status).toBe(400);
      expect((error as Error).message).toBe('Invalid value for custom field "x": expected integer, got "a"');
    }
  });

  it('shown quotes and cuts', () => {
    expect(shown('a"b')).toBe('"a\\"b"');
    expect(shown(undefined)).toBe('undefined');
    expect(shown('x'.repeat(200))).toHaveLength(101);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(shown(cyclic)).toBe('[object Object]');
  });
});
