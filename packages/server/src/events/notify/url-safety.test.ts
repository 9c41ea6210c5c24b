/**
 * The address rules for URLs given through the API, and the connection-time check that keeps a name
 * from resolving to a refused address later (real DNS lookups of names this host resolves itself).
 */
import { describe, expect, it } from 'vitest';
import { checkApiUrl, guardedLookup, refusedAddress } from './url-safety.js';

describe('URLs given through the API', () => {
  it('refuses loopback, link-local, metadata and unspecified addresses, in every spelling', () => {
    for (const a of [
      '127.0.0.1',
      '127.8.9.10',
      '::1',
      '169.254.169.254',
      'fe80::1',
      '0.0.0.0',
      '::',
      '100.100.100.200',
      'fd00:ec2::254',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
      '224.0.0.1',
    ])
      expect(refusedAddress(a), a).toBeDefined();
  });

  it('accepts public and private network addresses (receivers often live inside the network)', () => {
    for (const a of ['10.1.2.3', '192.168.1.10', '172.16.0.5', '93.184.216.34', '2606:4700::1111'])
      expect(refusedAddress(a), a).toBeUndefined();
  });

  it('checks every address a name resolves to, unless the administrator allows local addresses', async () => {
    await expect(checkApiUrl('http://localhost:8080/x', 'url', false)).rejects.toThrow(/own host/);
    await expect(checkApiUrl('http://[::ffff:127.0.0.1]/', 'url', false)).rejects.toThrow(/loopback/);
    await expect(checkApiUrl('http://127.0.0.1:1/', 'url', true)).resolves.toBe('http://127.0.0.1:1/');
    await expect(checkApiUrl('http://no-such-host.invalid/', 'url', false)).rejects.toThrow(
      /does not resolve/,
    );
  });

  it('refuses at connection time a name that resolves to a refused address', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      guardedLookup('localhost', {}, (e) => resolve(e)),
    );
    expect(error?.code).toBe('EREFUSEDADDRESS');
  });
});
