/**
 * Threat-intelligence exchange in STIX 2.1 and TAXII 2.1 (docs/stix-taxii.md): `client.stix`
 * imports a bundle as an alert or a case and exports observables (of a case, an alert or an
 * observable query) as a bundle; `client.taxii` reads the state of the remote TAXII collections
 * the server pulls and pulls them now (platform administration).
 */
import type { TaxiiPullResultOutput, TaxiiRemoteStatusOutput } from '@propolis/core';
import type { CallOptions } from '../transport.js';
import type { OutputAlert, OutputCase } from '../types.js';
import type { StixBundle } from './case.js';
import { Resource, V1 } from './resource.js';

/** What `stix.export` turns into a bundle: exactly one of them. */
export type StixExportSource =
  | { caseId: string }
  | { alertId: string }
  /** An observable query, in the language of `POST /api/v1/query` (e.g. `[{ _name: 'listObservable' }, …]`). */
  | { query: Array<{ _name: string; [key: string]: unknown }> };

export class StixResource extends Resource {
  /** A bundle as an alert (default) or a case of the caller's organisation; an invalid bundle is a 400 listing its problems. */
  import(
    bundle: StixBundle,
    settings: { as?: 'alert' | 'case'; caseTemplate?: string } = {},
    options: CallOptions = {},
  ): Promise<OutputAlert | OutputCase> {
    return this.t.json(
      {
        method: 'POST',
        path: `${V1}/stix/import`,
        query: { as: settings.as, caseTemplate: settings.caseTemplate },
        json: bundle,
      },
      options,
    );
  }

  /** The observables of a case, an alert or an observable query as a STIX 2.1 bundle. */
  export(source: StixExportSource, options: CallOptions = {}): Promise<StixBundle> {
    return this.t.json({ method: 'POST', path: `${V1}/stix/export`, json: source }, options);
  }
}

export type TaxiiRemoteStatus = TaxiiRemoteStatusOutput;
export type TaxiiPullResult = TaxiiPullResultOutput;

export class TaxiiResource extends Resource {
  /** The configured remote collections and their state (platform administration). */
  status(options: CallOptions = {}): Promise<{ remotes: TaxiiRemoteStatus[] }> {
    return this.t.json({ method: 'GET', path: `${V1}/connector/taxii/status` }, options);
  }

  /** Pulls one remote (by name) or every remote now; a remote that fails makes it a 502 naming it. */
  async pull(remote?: string, options: CallOptions = {}): Promise<TaxiiPullResult[]> {
    const answer = await this.t.json<{ results: TaxiiPullResult[] }>(
      { method: 'POST', path: `${V1}/connector/taxii/_pull`, query: { remote } },
      options,
    );
    return answer.results;
  }
}
