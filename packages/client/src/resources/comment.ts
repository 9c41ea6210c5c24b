/**
 * Comments on cases and alerts (`/api/v1/case/{id}/comment`, `/api/v1/alert/{id}/comment`,
 * `/api/v1/comment/{id}`): markdown messages, listed through the query API.
 */
import type { CommentOutput } from '@propolis/core';
import type { FindOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class CommentResource extends Resource {
  addToCase(caseId: string | number, message: string, options: CallOptions = {}): Promise<CommentOutput> {
    return this.t.json(
      { method: 'POST', path: `${V1}/case/${seg(caseId)}/comment`, json: { message } },
      options,
    );
  }

  addToAlert(alertId: string, message: string, options: CallOptions = {}): Promise<CommentOutput> {
    return this.t.json(
      { method: 'POST', path: `${V1}/alert/${seg(alertId)}/comment`, json: { message } },
      options,
    );
  }

  /** Replaces the message (the comment is then marked `isEdited`). */
  update(id: string, message: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/comment/${seg(id)}`, json: { message } }, options);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/comment/${seg(id)}` }, options);
  }

  /** The comments of a case (filter, sort and page as in `find`). */
  ofCase(caseId: string | number, options: FindOptions = {}): Promise<CommentOutput[]> {
    return this.under<CommentOutput>('getCase', caseId, 'comments').find(options);
  }

  ofAlert(alertId: string, options: FindOptions = {}): Promise<CommentOutput[]> {
    return this.under<CommentOutput>('getAlert', alertId, 'comments').find(options);
  }

  /** Every comment the caller can see. */
  find(options: FindOptions = {}): Promise<CommentOutput[]> {
    return this.lister<CommentOutput>('listComment').find(options);
  }
}
