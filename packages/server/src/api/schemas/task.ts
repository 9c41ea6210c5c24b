/**
 * Task bodies as v1 and v0 clients send them.
 */
import { type Static, Type } from 'typebox';
import type { TaskInput } from '../../domain/tasks/task-input.js';
import { DateMs, Int32 } from './ranges.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const NullableDate = Type.Union([DateMs(), Type.Null()]);

export const TaskBodyV1 = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 512 })),
  group: Type.Optional(Type.String({ maxLength: 128 })),
  description: Type.Optional(Nullable(Type.String({ maxLength: 1_048_576 }))),
  status: Type.Optional(Type.String({ maxLength: 32 })),
  flag: Type.Optional(Type.Boolean()),
  startDate: Type.Optional(NullableDate),
  endDate: Type.Optional(NullableDate),
  order: Type.Optional(Int32()),
  dueDate: Type.Optional(NullableDate),
  assignee: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
  mandatory: Type.Optional(Type.Boolean()),
});
export type TaskBodyV1 = Static<typeof TaskBodyV1>;

export const TaskBodyV0 = Type.Evaluate(
  Type.Intersect([
    Type.Omit(TaskBodyV1, ['assignee']),
    Type.Object({
      owner: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
      id: Type.Optional(Type.Any()),
    }),
  ]),
);
export type TaskBodyV0 = Static<typeof TaskBodyV0>;

export const taskFromV0 = ({ owner, id: _id, ...rest }: TaskBodyV0): TaskInput => ({
  ...rest,
  ...(owner !== undefined ? { assignee: owner } : {}),
});
