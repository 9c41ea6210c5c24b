/**
 * The caller's UI settings (`/api/v1/settings`): theme, time zone, list density, date format.
 */
import type { UserSettingsBody, UserSettingsOutput } from '@propolis/core';
import type { CallOptions } from '../transport.js';
import { Resource, V1 } from './resource.js';

export class SettingsResource extends Resource {
  /** The settings, with defaults for those never set. */
  get(options: CallOptions = {}): Promise<UserSettingsOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/settings` }, options);
  }

  /** Changes the settings given and keeps the others; answers them all. */
  update(settings: UserSettingsBody, options: CallOptions = {}): Promise<UserSettingsOutput> {
    return this.t.json({ method: 'PATCH', path: `${V1}/settings`, json: settings }, options);
  }
}
