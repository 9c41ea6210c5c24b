/** Comments of a case (TheHive 5 routes, docs/collaboration.md). */
import type { CommentOutput } from '@propolis/core';
import { api } from './calls';
import { client } from './http';

export type Comment = CommentOutput;

export const comments = {
  ofCase: (caseId: string) =>
    api
      .query<Comment>([
        { _name: 'getCase', idOrName: caseId },
        { _name: 'comments' },
        { _name: 'sort', _fields: [{ _createdAt: 'asc' }] },
      ])
      .then((r) => r.rows),
  add: (caseId: string, message: string) => client.comment.addToCase(caseId, message),
  edit: (id: string, message: string) => client.comment.update(id, message),
  remove: (id: string) => client.comment.delete(id),
};
