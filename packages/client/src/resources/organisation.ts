/**
 * Organisations (`/api/v1/organisation`): list, create, read, update, their users, and find/count.
 */
import type { OrganisationBody, OrganisationUpdateBody } from '@propolis/core';
import { Finder, type FindOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import type { OutputOrganisation, OutputUser } from '../types.js';
import { Resource, seg, V1 } from './resource.js';

export class OrganisationResource extends Resource {
  private readonly finder = new Finder<OutputOrganisation>(
    this.t,
    [{ _name: 'listOrganisation' }],
    'organisations',
  );

  list(options: CallOptions = {}): Promise<OutputOrganisation[]> {
    return this.t.json({ method: 'GET', path: `${V1}/organisation` }, options);
  }

  get(id: string, options: CallOptions = {}): Promise<OutputOrganisation> {
    return this.t.json({ method: 'GET', path: `${V1}/organisation/${seg(id)}` }, options);
  }

  create(org: OrganisationBody, options: CallOptions = {}): Promise<OutputOrganisation> {
    return this.t.json({ method: 'POST', path: `${V1}/organisation`, json: org }, options);
  }

  update(id: string, fields: OrganisationUpdateBody, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/organisation/${seg(id)}`, json: fields }, options);
  }

  /** The organisation's users. */
  users(id: string, options: FindOptions = {}): Promise<OutputUser[]> {
    return new Finder<OutputUser>(
      this.t,
      [{ _name: 'getOrganisation', idOrName: id }, { _name: 'users' }],
      'organisation-users',
    ).find(options);
  }

  find(options: FindOptions = {}): Promise<OutputOrganisation[]> {
    return this.finder.find(options);
  }

  count(options: Pick<FindOptions, 'filter'> & CallOptions = {}): Promise<number> {
    return this.finder.count(options);
  }
}
