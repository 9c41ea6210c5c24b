/**
 * Pages: a case's pages (`/api/v1/case/{id}/page`) and the organisation's knowledge base
 * (`/api/v1/page`), markdown under a title and a category.
 */
import type { PageBody, PageOutput, UpdatePageBody } from '@propolis/core';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class PageResource extends Resource {
  /** Adds a page to a case. */
  addToCase(caseId: string | number, page: PageBody, options: CallOptions = {}): Promise<PageOutput> {
    return this.t.json({ method: 'POST', path: `${V1}/case/${seg(caseId)}/page`, json: page }, options);
  }

  ofCase(caseId: string | number, options: CallOptions = {}): Promise<PageOutput[]> {
    return this.t.json({ method: 'GET', path: `${V1}/case/${seg(caseId)}/page` }, options);
  }

  getInCase(caseId: string | number, pageId: string, options: CallOptions = {}): Promise<PageOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/case/${seg(caseId)}/page/${seg(pageId)}` }, options);
  }

  updateInCase(
    caseId: string | number,
    pageId: string,
    fields: UpdatePageBody,
    options: CallOptions = {},
  ): Promise<void> {
    return this.t.send(
      { method: 'PATCH', path: `${V1}/case/${seg(caseId)}/page/${seg(pageId)}`, json: fields },
      options,
    );
  }

  deleteInCase(caseId: string | number, pageId: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/case/${seg(caseId)}/page/${seg(pageId)}` }, options);
  }

  /** Adds a page to the organisation's knowledge base. */
  create(page: PageBody, options: CallOptions = {}): Promise<PageOutput> {
    return this.t.json({ method: 'POST', path: `${V1}/page`, json: page }, options);
  }

  /** The knowledge base's pages. */
  list(options: CallOptions = {}): Promise<PageOutput[]> {
    return this.t.json({ method: 'GET', path: `${V1}/page` }, options);
  }

  get(id: string, options: CallOptions = {}): Promise<PageOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/page/${seg(id)}` }, options);
  }

  update(id: string, fields: UpdatePageBody, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'PATCH', path: `${V1}/page/${seg(id)}`, json: fields }, options);
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/page/${seg(id)}` }, options);
  }
}
