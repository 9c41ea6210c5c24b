/**
 * Users (`/api/v1/user`): the caller, create, read, update, lock, delete, passwords, API keys,
 * organisations, and find/count/iterate.
 */
import type {
  UpdateUserBody,
  UserConfigOutput,
  UserOrganisationsBody,
  UserOrganisationsOutput,
} from '@propolis/core';
import { Download } from '../download.js';
import { Finder, type FindOptions, type IterateOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import type { InputUser, OutputUser } from '../types.js';
import { Resource, seg, V1 } from './resource.js';

export class UserResource extends Resource {
  private readonly finder = new Finder<OutputUser>(this.t, [{ _name: 'listUser' }], 'users');

  current(options: CallOptions = {}): Promise<OutputUser> {
    return this.t.json({ method: 'GET', path: `${V1}/user/current` }, options);
  }

  get(id: string, options: CallOptions = {}): Promise<OutputUser> {
    return this.t.json({ method: 'GET', path: `${V1}/user/${seg(id)}` }, options);
  }

  create(user: InputUser, options: CallOptions = {}): Promise<OutputUser> {
    return this.t.json({ method: 'POST', path: `${V1}/user`, json: user }, options);
  }

  update(id: string, fields: UpdateUserBody, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/user/${seg(id)}`, json: fields }, options);
  }

  /** Locks the user (TheHive's DELETE /user/{id}): they can no longer log in. */
  lock(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/user/${seg(id)}` }, options);
  }

  /** Deletes the user for good (from `organisation` only, when given). */
  delete(id: string, options: CallOptions & { fromOrganisation?: string } = {}): Promise<void> {
    const { fromOrganisation, ...call } = options;
    return this.t.send(
      { method: 'DELETE', path: `${V1}/user/${seg(id)}/force`, query: { organisation: fromOrganisation } },
      call,
    );
  }

  setPassword(id: string, password: string, options: CallOptions = {}): Promise<void> {
    return this.t.send(
      { method: 'POST', path: `${V1}/user/${seg(id)}/password/set`, json: { password } },
      options,
    );
  }

  changePassword(
    id: string,
    currentPassword: string,
    password: string,
    options: CallOptions = {},
  ): Promise<void> {
    return this.t.send(
      { method: 'POST', path: `${V1}/user/${seg(id)}/password/change`, json: { password, currentPassword } },
      options,
    );
  }

  /** The user's API key; the server keeps keys hashed and answers 404 except when it can show it. */
  apiKey(id: string, options: CallOptions = {}): Promise<string> {
    return this.t.text({ method: 'GET', path: `${V1}/user/${seg(id)}/key` }, options);
  }

  /** Issues a new API key (the old one stops working) and answers it. */
  renewApiKey(id: string, options: CallOptions = {}): Promise<string> {
    return this.t.text({ method: 'POST', path: `${V1}/user/${seg(id)}/key/renew` }, options);
  }

  removeApiKey(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/user/${seg(id)}/key` }, options);
  }

  /** Sets the user's organisations and the profile in each (replaces the list). */
  setOrganisations(
    id: string,
    organisations: UserOrganisationsBody['organisations'],
    options: CallOptions = {},
  ): Promise<UserOrganisationsOutput> {
    return this.t.json(
      { method: 'PUT', path: `${V1}/user/${seg(id)}/organisations`, json: { organisations } },
      options,
    );
  }

  find(options: FindOptions = {}): Promise<OutputUser[]> {
    return this.finder.find(options);
  }

  count(options: Pick<FindOptions, 'filter'> & CallOptions = {}): Promise<number> {
    return this.finder.count(options);
  }

  iterate(options: IterateOptions = {}): AsyncGenerator<OutputUser, void, undefined> {
    return this.finder.iterate(options);
  }

  /** The user's avatar as an image (404 when it has none). */
  async avatar(id: string, options: CallOptions = {}): Promise<Download> {
    return new Download(
      await this.t.stream({ method: 'GET', path: `${V1}/user/${seg(id)}/avatar` }, options),
    );
  }

  /** The caller's own configuration values (`/config/user`). */
  configs(options: CallOptions = {}): Promise<UserConfigOutput[]> {
    return this.t.json({ method: 'GET', path: `${V1}/config/user` }, options);
  }

  /** One of the caller's configuration values (`value` null when it was never set). */
  config(path: string, options: CallOptions = {}): Promise<UserConfigOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/config/user/${seg(path)}` }, options);
  }

  setConfig(path: string, value: unknown, options: CallOptions = {}): Promise<UserConfigOutput> {
    return this.t.json({ method: 'PUT', path: `${V1}/config/user/${seg(path)}`, json: { value } }, options);
  }
}
