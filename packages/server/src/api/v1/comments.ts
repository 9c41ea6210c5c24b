/**
 * v1 comments on cases and alerts (TheHive 5). They are listed through `/api/v1/query`
 * (`getCase` → `comments`, `listComment`, `getComment`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CommentBody, CommentOutput } from '@propolis/core';
import { createComment } from '../../domain/comments/create-comment.js';
import { deleteComment, updateComment } from '../../domain/comments/update-comment.js';
import type { Deps } from '../../domain/deps.js';
import { commentV1 } from '../presenters/comment.js';
import { ctx } from '../request-context.js';
import { AlertIdParam } from '../shared/collaboration-params.js';
import { deleteById, patchById } from '../shared/id-routes.js';
import { CaseIdParams } from '../shared/params.js';
import { created } from '../shared/responses.js';

export const commentsRoutesV1 =
  (deps: Deps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/case/:caseId/comment',
      { schema: { params: CaseIdParams, body: CommentBody, response: created(CommentOutput) } },
      async (request, reply) => {
        const row = await createComment(deps, ctx(request), { caseId: request.params.caseId }, request.body);
        return reply.status(201).send(commentV1(row));
      },
    );
    app.post(
      '/alert/:alertId/comment',
      { schema: { params: AlertIdParam, body: CommentBody, response: created(CommentOutput) } },
      async (request, reply) => {
        const row = await createComment(
          deps,
          ctx(request),
          { alertId: request.params.alertId },
          request.body,
        );
        return reply.status(201).send(commentV1(row));
      },
    );
    patchById(app, '/comment/:id', CommentBody, (c, id, body) => updateComment(deps, c, id, body));
    deleteById(app, '/comment/:id', (c, id) => deleteComment(deps, c, id));
  };
