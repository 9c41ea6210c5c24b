/**
 * The `taxii` section: defaults, collection permissions merged over them, remotes with their
 * auth and TLS, and each mistake refused naming the setting.
 */
import { describe, expect, it } from 'vitest';
import { checkTaxiiSettings, defaultTaxiiSettings, type TaxiiSettings } from './taxii-config.js';

const remote = {
  name: 'cert',
  url: 'https://cti.example/taxii2/api',
  collection: '91a7b528-80eb-42ed-a74d-c6fbd5a26116',
  organisation: 'soc',
};
const settings = (over: Record<string, unknown>) => ({ ...defaultTaxiiSettings(), ...over }) as TaxiiSettings;

describe('taxii settings', () => {
  it('keeps the defaults, merges collection permissions and reads remotes', () => {
    const checked = checkTaxiiSettings(
      settings({
        collections: { inbox: { canWrite: true } },
        remotes: [{ ...remote, auth: { token: 'secret-token' } }],
      }),
    );
    expect(checked.collections).toEqual({
      iocs: { canRead: true, canWrite: false },
      'closed-iocs': { canRead: true, canWrite: false },
      inbox: { canRead: false, canWrite: true },
    });
    expect(checked.remotes[0]).toMatchObject({
      url: 'https://cti.example/taxii2/api/',
      as: 'alert',
      auth: { type: 'bearer', token: 'secret-token' },
      intervalSeconds: 300,
      pageSize: 100,
      tls: { skipVerify: false },
    });
  });

  it('refuses mistakes, naming the setting', () => {
    const bad = (over: Record<string, unknown>) => () => checkTaxiiSettings(settings(over));
    expect(bad({ collections: { everything: { canRead: true } } })).toThrow(
      /taxii\.collections\.everything: no such collection/,
    );
    expect(bad({ collections: { iocs: { canRead: 'yes' } } })).toThrow(
      /taxii\.collections\.iocs\.canRead: must be true or false/,
    );
    expect(bad({ collections: { inbox: { canRead: true } } })).toThrow(/inbox keeps no objects to read/);
    expect(bad({ maxContentLength: 0 })).toThrow(/taxii\.maxContentLength: must be a positive whole number/);
    expect(bad({ remotes: [{ ...remote, url: 'ftp://x' }] })).toThrow(
      /taxii\.remotes\[cert\]\.url: must be the http\(s\) URL/,
    );
    expect(bad({ remotes: [{ ...remote, collection: '' }] })).toThrow(/taxii\.remotes\[cert\]\.collection/);
    expect(bad({ remotes: [{ ...remote, organisation: undefined }] })).toThrow(
      /\.organisation: name the organisation/,
    );
    expect(bad({ remotes: [{ ...remote, as: 'observable' }] })).toThrow(/\.as: must be alert or case/);
    expect(bad({ remotes: [{ ...remote, auth: { username: 'u' } }] })).toThrow(
      /\.auth: give username and password/,
    );
    expect(bad({ remotes: [{ ...remote, auth: { token: 't', username: 'u', password: 'p' } }] })).toThrow(
      /not both/,
    );
    expect(bad({ remotes: [{ ...remote, tls: { skipVerify: 'no' } }] })).toThrow(
      /taxii\.remotes\[cert\]\.tls\.skipVerify/,
    );
    expect(bad({ remotes: [remote, remote] })).toThrow(/the name cert is used twice/);
    expect(bad({ remotes: [{ ...remote, pageSize: -1 }] })).toThrow(
      /\.pageSize: must be a positive whole number/,
    );
  });
});
