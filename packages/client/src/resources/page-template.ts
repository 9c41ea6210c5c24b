/**
 * Page templates (`/api/v1/pageTemplate`): pages a case template gives every case made from it
 * (`link` sets a case template's whole list).
 */
import type { PageBody, PageTemplateOutput, UpdatePageBody } from '@propolis/core';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class PageTemplateResource extends Resource {
  create(template: PageBody, options: CallOptions = {}): Promise<PageTemplateOutput> {
    return this.t.json({ method: 'POST', path: `${V1}/pageTemplate`, json: template }, options);
  }

  list(options: CallOptions = {}): Promise<PageTemplateOutput[]> {
    return this.t.json({ method: 'GET', path: `${V1}/pageTemplate` }, options);
  }

  get(idOrTitle: string, options: CallOptions = {}): Promise<PageTemplateOutput> {
    return this.t.json({ method: 'GET', path: `${V1}/pageTemplate/${seg(idOrTitle)}` }, options);
  }

  update(idOrTitle: string, fields: UpdatePageBody, options: CallOptions = {}): Promise<void> {
    return this.t.send(
      { method: 'PATCH', path: `${V1}/pageTemplate/${seg(idOrTitle)}`, json: fields },
      options,
    );
  }

  delete(idOrTitle: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/pageTemplate/${seg(idOrTitle)}` }, options);
  }

  /** Sets the page templates of a case template (its whole list, replacing the one it had). */
  link(caseTemplate: string, pageTemplateIds: readonly string[], options: CallOptions = {}): Promise<void> {
    return this.t.send(
      {
        method: 'PUT',
        path: `${V1}/caseTemplate/${seg(caseTemplate)}/pageTemplate/link`,
        json: { pageTemplateIds },
      },
      options,
    );
  }
}
