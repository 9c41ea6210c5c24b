/** The organisation's case and alert statuses (TheHive 5 `/caseStatus`, `/alertStatus`). */
import type { CustomStatusOutput } from '@propolis/core';
import { client } from './http';

export type CustomStatus = CustomStatusOutput;
export type StatusKind = 'caseStatus' | 'alertStatus';
export interface StatusInput {
  value: string;
  stage: string;
  colour?: string;
  order?: number;
  hidden?: boolean;
}

export const statuses = {
  list: (kind: StatusKind) => client[kind].list(),
  create: (kind: StatusKind, body: StatusInput) => client[kind].create(body),
  update: (kind: StatusKind, id: string, body: Partial<StatusInput>) => client[kind].update(id, body),
  remove: (kind: StatusKind, id: string) => client[kind].delete(id),
};
