/** Comments of a case (TheHive 5 routes, docs/collaboration.md). */
import type { CommentOutput } from '@propolis/core';
import { api } from './calls';
import { del, patch, post } from './request';

export type Comment = CommentOutput;
const enc = encodeURIComponent;

export const comments = {
  ofCase: (caseId: string) =>
    api
      .query<Comment>([
        { _name: 'getCase', idOrName: caseId },
        { _name: 'comments' },
        { _name: 'sort', _fields: [{ _createdAt: 'asc' }] },
      ])
      .then((r) => r.rows),
  add: (caseId: string, message: string) => post<Comment>(`/api/v1/case/${enc(caseId)}/comment`, { message }),
  edit: (id: string, message: string) => patch<void>(`/api/v1/comment/${enc(id)}`, { message }),
  remove: (id: string) => del<void>(`/api/v1/comment/${enc(id)}`),
};
