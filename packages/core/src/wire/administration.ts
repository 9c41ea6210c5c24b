/**
 * Request bodies of the administration routes (v1, and v0 where they are shared): users and their
 * organisations, passwords, organisations, profiles, custom field definitions, case templates,
 * observable types, and login. The server validates with them; clients take their types.
 */
import { type Static, Type } from 'typebox';
import { MAX_LOGIN } from '../model/input-limits.js';
import { Int32, LongText, Nullable, Tags, Text } from './fields.js';
import { TaskBodyV1, UserType } from './inputs.js';

// Users ---------------------------------------------------------------------------------------

export const UpdateUserBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  email: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  avatar: Type.Optional(Type.Union([Type.String({ maxLength: 2_000_000 }), Type.Null()])),
  locked: Type.Optional(Type.Boolean()),
  type: Type.Optional(UserType),
  profile: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  organisation: Type.Optional(Type.String({ maxLength: 128 })),
  defaultOrganisation: Type.Optional(Type.String({ maxLength: 128 })),
});
export type UpdateUserBody = Static<typeof UpdateUserBody>;

export const SetPasswordBody = Type.Object({ password: Type.String({ maxLength: 1024 }) });
export type SetPasswordBody = Static<typeof SetPasswordBody>;

export const ChangePasswordBody = Type.Object({
  password: Type.String({ maxLength: 1024 }),
  currentPassword: Type.String({ maxLength: 1024 }),
});
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const UserOrganisationsBody = Type.Object({
  organisations: Type.Array(
    Type.Object({
      organisation: Type.String({ minLength: 1 }),
      profile: Type.String({ minLength: 1 }),
      default: Type.Optional(Type.Boolean()),
    }),
    { maxItems: 1000 },
  ),
});
export type UserOrganisationsBody = Static<typeof UserOrganisationsBody>;

/** The answer of PUT /user/{id}/organisations. */
export const UserOrganisationsOutput = Type.Object({
  organisations: Type.Array(
    Type.Object({ organisation: Type.String(), profile: Type.String(), default: Type.Boolean() }),
  ),
});
export type UserOrganisationsOutput = Static<typeof UserOrganisationsOutput>;

// Login ---------------------------------------------------------------------------------------

export const LoginBody = Type.Object({
  user: Type.String({ minLength: 1, maxLength: 255 }),
  password: Type.String({ maxLength: 1024 }),
  organisation: Type.Optional(Type.String({ maxLength: 128 })),
  code: Type.Optional(Type.String({ maxLength: 16 })),
});
export type LoginBody = Static<typeof LoginBody>;

export const TotpSetBody = Type.Object({
  secret: Type.Optional(Type.String({ maxLength: 256 })),
  code: Type.Optional(Type.String({ maxLength: 16 })),
});
export type TotpSetBody = Static<typeof TotpSetBody>;

// Organisations and profiles ------------------------------------------------------------------

export const OrganisationBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 128 }),
  description: Type.Optional(Type.String({ maxLength: 100_000 })),
});
export type OrganisationBody = Static<typeof OrganisationBody>;

export const OrganisationUpdateBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  description: Type.Optional(Type.String({ maxLength: 100_000 })),
});
export type OrganisationUpdateBody = Static<typeof OrganisationUpdateBody>;

const Permissions = Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 });

export const ProfileBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  permissions: Type.Optional(Permissions),
});
export type ProfileBody = Static<typeof ProfileBody>;

export const ProfileUpdateBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  permissions: Type.Optional(Permissions),
});
export type ProfileUpdateBody = Static<typeof ProfileUpdateBody>;

// Custom field definitions --------------------------------------------------------------------

const Options = Type.Array(Type.Union([Type.String({ maxLength: 4096 }), Type.Number(), Type.Boolean()]), {
  maxItems: 1000,
});

export const CustomFieldBody = Type.Object({
  name: Text(128),
  displayName: Type.Optional(Text(255)),
  description: Type.Optional(Text(4096)),
  /** string, integer, float, boolean, date or url */
  type: Text(16),
  options: Type.Optional(Options),
  mandatory: Type.Optional(Type.Boolean()),
  group: Type.Optional(Nullable(Text(128))),
});
export type CustomFieldBody = Static<typeof CustomFieldBody>;

export const CustomFieldUpdateBody = Type.Partial(CustomFieldBody);
export type CustomFieldUpdateBody = Static<typeof CustomFieldUpdateBody>;

// Case templates ------------------------------------------------------------------------------

/** Any accepted custom-field form: v1 list, `{name: value}` object, v0 `{name: {"<type>": value, "order": n}}` map. */
export const CustomFieldsInput = Type.Union([
  Type.Array(Type.Unknown(), { maxItems: 500 }),
  Type.Record(Type.String(), Type.Unknown()),
  Type.Null(),
]);

/** Case template fields shared by the v0 and v1 bodies (the tasks and the name differ per version). */
export const CaseTemplateFields = {
  displayName: Type.Optional(Nullable(Text(MAX_LOGIN))),
  titlePrefix: Type.Optional(Nullable(Text(MAX_LOGIN))),
  description: Type.Optional(Nullable(LongText)),
  severity: Type.Optional(Nullable(Int32())),
  tags: Type.Optional(Tags),
  flag: Type.Optional(Type.Boolean()),
  tlp: Type.Optional(Nullable(Int32())),
  pap: Type.Optional(Nullable(Int32())),
  summary: Type.Optional(Nullable(LongText)),
  customFields: Type.Optional(CustomFieldsInput),
};

export const CaseTemplateBodyV1 = Type.Object({
  name: Type.String({ maxLength: 128 }),
  ...CaseTemplateFields,
  tasks: Type.Optional(Type.Array(TaskBodyV1, { maxItems: 500 })),
});
export type CaseTemplateBodyV1 = Static<typeof CaseTemplateBodyV1>;

export const CaseTemplateUpdateV1 = Type.Partial(CaseTemplateBodyV1);
export type CaseTemplateUpdateV1 = Static<typeof CaseTemplateUpdateV1>;

// Observable types ----------------------------------------------------------------------------

export const CreateObservableTypeBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  isAttachment: Type.Optional(Type.Boolean()),
  isCaseSensitive: Type.Optional(Type.Boolean()),
});
export type CreateObservableTypeBody = Static<typeof CreateObservableTypeBody>;

/** `GET|PUT /api/v1/config/user/{path}`: one of the caller's own configuration values. */
export const UserConfigOutput = Type.Object(
  { path: Type.String(), defaultValue: Type.Unknown(), value: Type.Unknown() },
  { additionalProperties: true },
);
export type UserConfigOutput = { path: string; defaultValue: unknown; value: unknown };
export const UserConfigBody = Type.Object(
  { value: Type.Unknown({ description: 'any JSON value (at most 64 KiB)' }) },
  { additionalProperties: false, required: ['value'] },
);
export type UserConfigBody = { value: unknown };
