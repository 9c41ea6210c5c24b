/** The organisation's case and alert statuses (TheHive 5 `/caseStatus`, `/alertStatus`). */
import type { CustomStatusOutput } from '@propolis/core';
import { del, get, patch, post } from './request';

export type CustomStatus = CustomStatusOutput;
export type StatusKind = 'caseStatus' | 'alertStatus';
export interface StatusInput {
  value: string;
  stage: string;
  colour?: string;
  order?: number;
  hidden?: boolean;
}
const enc = encodeURIComponent;

export const statuses = {
  list: (kind: StatusKind) => get<CustomStatus[]>(`/api/v1/${kind}`),
  create: (kind: StatusKind, body: StatusInput) => post<CustomStatus>(`/api/v1/${kind}`, body),
  update: (kind: StatusKind, id: string, body: Partial<StatusInput>) =>
    patch<void>(`/api/v1/${kind}/${enc(id)}`, body),
  remove: (kind: StatusKind, id: string) => del<void>(`/api/v1/${kind}/${enc(id)}`),
};
