/**
 * Saved list views (`/api/v1/view`) and the caller's UI settings (`/api/v1/settings`): Propolis
 * resources for the web UI (TheHive 5 keeps both in its browser and `/config/user`).
 */
import { type Static, Type } from 'typebox';
import { MetaV1, Open } from './meta.js';

const S = Type.String();
export const SAVED_VIEW_ENTITIES = ['alert', 'case'] as const;
export const SAVED_VIEW_STATUSES = ['Private', 'Shared'] as const;
export const MAX_SAVED_VIEW_FILTERS = 64;
export const MAX_SAVED_VIEW_COLUMNS = 64;

const Entity = Type.Union([Type.Literal('alert'), Type.Literal('case')], {
  description: 'the list the view applies to',
});
const Status = Type.Union([Type.Literal('Private'), Type.Literal('Shared')], {
  description: 'Private (its owner only) or Shared (every member of the organisation reads it)',
});
const Filters = Type.Record(Type.String({ maxLength: 128 }), Type.Unknown(), {
  description: "the list's filters as the UI keeps them (field name to value, OR groups, text)",
  maxProperties: MAX_SAVED_VIEW_FILTERS,
});
const Sort = Type.Array(Type.String({ minLength: 2, maxLength: 128, pattern: '^[+-]' }), {
  maxItems: 16,
  description: 'sort keys, first first: "+field" ascending, "-field" descending',
});
const Columns = Type.Array(Type.String({ minLength: 1, maxLength: 128 }), {
  maxItems: MAX_SAVED_VIEW_COLUMNS,
  description: 'the columns shown, in order',
});

export const SavedViewBody = Type.Object({
  entity: Entity,
  name: Type.String({ minLength: 1, maxLength: 512 }),
  status: Type.Optional(Status),
  filters: Type.Optional(Filters),
  sort: Type.Optional(Sort),
  columns: Type.Optional(Columns),
});
export type SavedViewBody = Static<typeof SavedViewBody>;

export const SavedViewUpdateBody = Type.Partial(Type.Omit(SavedViewBody, ['entity']));
export type SavedViewUpdateBody = Static<typeof SavedViewUpdateBody>;

export const SavedViewListQuery = Type.Object({ entity: Type.Optional(Entity) });
export type SavedViewListQuery = Static<typeof SavedViewListQuery>;

export const SavedViewOutput = Open({
  ...MetaV1,
  entity: S,
  name: S,
  status: S,
  owner: S,
  filters: Type.Record(Type.String(), Type.Unknown()),
  sort: Type.Array(S),
  columns: Type.Array(S),
  writable: Type.Boolean({ description: 'whether the caller may change or delete it' }),
});
export type SavedViewOutput = Static<typeof SavedViewOutput>;

export const UI_THEMES = ['light', 'dark', 'auto'] as const;
export const UI_DENSITIES = ['comfortable', 'compact'] as const;
export const UI_DATE_FORMATS = ['iso', 'locale', 'relative'] as const;
const Theme = Type.Union([Type.Literal('light'), Type.Literal('dark'), Type.Literal('auto')]);
const Density = Type.Union([Type.Literal('comfortable'), Type.Literal('compact')]);
const DateFormat = Type.Union([Type.Literal('iso'), Type.Literal('locale'), Type.Literal('relative')], {
  description: 'iso: 2026-12-05 17:00; locale: the browser language; relative: 5 minutes ago',
});

export const UserSettingsBody = Type.Object(
  {
    theme: Type.Optional(Theme),
    timeZone: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'an IANA time zone, e.g. UTC, Europe/Paris' }),
    ),
    density: Type.Optional(Density),
    dateFormat: Type.Optional(DateFormat),
  },
  { additionalProperties: false },
);
export type UserSettingsBody = Static<typeof UserSettingsBody>;

export const UserSettingsOutput = Type.Object({
  theme: Theme,
  timeZone: S,
  density: Density,
  dateFormat: DateFormat,
});
export type UserSettingsOutput = Static<typeof UserSettingsOutput>;

export const DEFAULT_USER_SETTINGS: UserSettingsOutput = {
  theme: 'auto',
  timeZone: 'UTC',
  density: 'comfortable',
  dateFormat: 'iso',
};
