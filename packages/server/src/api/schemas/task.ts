/**
 * Task bodies as v1 and v0 clients send them.
 */
import {
  DateMs,
  Int32,
  LongText,
  MAX_LOGIN,
  MAX_NAME,
  MAX_TITLE,
  MAX_WORD,
  Nullable,
  Text,
} from '@propolis/core';
import { type Static, Type } from 'typebox';
import type { TaskInput } from '../../domain/tasks/task-input.js';

const NullableDate = Type.Union([DateMs(), Type.Null()]);

export const TaskBodyV1 = Type.Object({
  title: Type.Optional(Text(MAX_TITLE)),
  group: Type.Optional(Text(MAX_NAME)),
  description: Type.Optional(Nullable(LongText)),
  status: Type.Optional(Text(MAX_WORD)),
  flag: Type.Optional(Type.Boolean()),
  startDate: Type.Optional(NullableDate),
  endDate: Type.Optional(NullableDate),
  order: Type.Optional(Int32()),
  dueDate: Type.Optional(NullableDate),
  assignee: Type.Optional(Nullable(Text(MAX_LOGIN))),
  mandatory: Type.Optional(Type.Boolean()),
});
export type TaskBodyV1 = Static<typeof TaskBodyV1>;

export const TaskBodyV0 = Type.Evaluate(
  Type.Intersect([
    Type.Omit(TaskBodyV1, ['assignee']),
    Type.Object({
      owner: Type.Optional(Nullable(Text(MAX_LOGIN))),
      id: Type.Optional(Type.Any()),
    }),
  ]),
);
export type TaskBodyV0 = Static<typeof TaskBodyV0>;

export const taskFromV0 = ({ owner, id: _id, ...rest }: TaskBodyV0): TaskInput => ({
  ...rest,
  ...(owner !== undefined ? { assignee: owner } : {}),
});
