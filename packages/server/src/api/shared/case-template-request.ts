/**
 * Case template fields shared by the v0 and v1 bodies (the tasks and the name differ per version).
 */
import { Int32, LongText, MAX_LOGIN, Nullable, Tags, Text } from '@propolis/core';
import { Type } from 'typebox';

/** Any accepted custom-field form: v1 list, `{name: value}` object, v0 `{name: {"<type>": value, "order": n}}` map. */
export const CustomFieldsInput = Type.Union([
  Type.Array(Type.Unknown(), { maxItems: 500 }),
  Type.Record(Type.String(), Type.Unknown()),
  Type.Null(),
]);

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
