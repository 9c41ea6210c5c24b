/**
 * The `misp` section of the configuration: TheHive's options with their defaults, and a mistake
 * refused at start with the setting named.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';

const load = (servers: unknown[]) => loadConfig({}, undefined, { misp: { servers } as never });
const server = { name: 'circl', url: 'https://misp.example/', key: 'k', organisations: ['soc'] };

describe('misp configuration', () => {
  it('fills TheHive-like defaults and reads the filters', () => {
    const [s] = load([
      {
        ...server,
        exclusion: { tags: ['x'], organisations: ['Org'] },
        whitelist: { tags: ['y'] },
        maxAge: 7,
      },
    ]).misp.servers;
    expect(s).toEqual({
      name: 'circl',
      url: 'https://misp.example',
      key: 'k',
      purpose: 'ImportAndExport',
      organisations: ['soc'],
      caseTemplate: undefined,
      exportTags: [],
      exportCaseTags: false,
      exportOnlyIocs: true,
      whitelistTags: ['y'],
      excludeTags: ['x'],
      excludeOrganisations: ['Org'],
      maxAge: 7,
      maxAttributes: 0,
      tls: { skipVerify: false },
    });
    expect(load([{ ...server, organisations: [], purpose: 'ExportOnly' }]).misp.servers[0]!.purpose).toBe(
      'ExportOnly',
    );
  });

  it('refuses a bad server with the setting named', () => {
    expect(() => load([{ ...server, purpose: 'Both' }])).toThrow(
      'misp.servers[circl].purpose: must be one of ImportOnly, ExportOnly, ImportAndExport',
    );
    expect(() => load([{ ...server, key: '' }])).toThrow(
      'misp.servers[circl].key: the MISP API key is required',
    );
    expect(() => load([{ ...server, url: 'ftp://x' }])).toThrow(
      'misp.servers[circl].url: must be an http(s) URL',
    );
    expect(() => load([{ ...server, organisations: [] }])).toThrow('misp.servers[circl].organisations');
    expect(() => load([server, server])).toThrow('misp.servers: the name circl is used twice');
    expect(() => load([{ ...server, maxAttributes: -1 }])).toThrow('misp.servers[circl].maxAttributes');
  });
});
