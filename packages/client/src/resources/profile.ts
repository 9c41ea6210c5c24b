/**
 * Profiles (`/api/v1/profile`): the named permission sets users hold in an organisation.
 */
import type { ProfileBody, ProfileUpdateBody } from '@propolis/core';
import { Finder, type FindOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import type { OutputProfile } from '../types.js';
import { Resource, seg, V1 } from './resource.js';

export class ProfileResource extends Resource {
  private readonly finder = new Finder<OutputProfile>(this.t, [{ _name: 'listProfile' }], 'profiles');

  list(options: CallOptions = {}): Promise<OutputProfile[]> {
    return this.t.json({ method: 'GET', path: `${V1}/profile` }, options);
  }

  get(id: string, options: CallOptions = {}): Promise<OutputProfile> {
    return this.t.json({ method: 'GET', path: `${V1}/profile/${seg(id)}` }, options);
  }

  create(profile: ProfileBody, options: CallOptions = {}): Promise<OutputProfile> {
    return this.t.json({ method: 'POST', path: `${V1}/profile`, json: profile }, options);
  }

  update(id: string, fields: ProfileUpdateBody, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/profile/${seg(id)}`, json: fields }, options);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/profile/${seg(id)}` }, options);
  }

  find(options: FindOptions = {}): Promise<OutputProfile[]> {
    return this.finder.find(options);
  }

  count(options: Pick<FindOptions, 'filter'> & CallOptions = {}): Promise<number> {
    return this.finder.count(options);
  }
}
