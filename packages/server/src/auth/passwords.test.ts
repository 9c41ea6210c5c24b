/**
 * Password hashes: scrypt with its parameters stored alongside, so the cost can change over time.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HASH_COST,
  generatePassword,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  verifyPassword,
} from './passwords.js';

describe('password hashes', () => {
  it('hashes with scrypt at the default cost, salted, and verifies', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(new RegExp(`^scrypt\\$${DEFAULT_HASH_COST}\\$8\\$1\\$`));
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsf', a)).toBe(false);
  });

  it('verifies hashes made at another cost', async () => {
    const cheap = await hashPassword('pw-at-low-cost', 1024);
    expect(cheap).toMatch(/^scrypt\$1024\$/);
    expect(await verifyPassword('pw-at-low-cost', cheap)).toBe(true);
  });

  it('refuses missing, malformed and over-long inputs', async () => {
    const hash = await hashPassword('something', 1024);
    expect(await verifyPassword('something', null)).toBe(false);
    expect(await verifyPassword('something', 'plain-text')).toBe(false);
    expect(await verifyPassword('something', 'bcrypt$x$y')).toBe(false);
    expect(await verifyPassword('x'.repeat(MAX_PASSWORD_LENGTH + 1), hash)).toBe(false);
  });

  it('generates random passwords', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generatePassword()).not.toBe(a);
  });
});
