/**
 * Case templates (`/api/v1/caseTemplate`): list, create, read (by id or name), update, delete.
 */
import type { CaseTemplateBodyV1, CaseTemplateOutputV1, CaseTemplateUpdateV1 } from '@propolis/core';
import { Finder, type FindOptions } from '../query.js';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class CaseTemplateResource extends Resource {
  private readonly finder = new Finder<CaseTemplateOutputV1>(
    this.t,
    [{ _name: 'listCaseTemplate' }],
    'case-templates',
  );

  list(options: CallOptions = {}): Promise<CaseTemplateOutputV1[]> {
    return this.t.json({ method: 'GET', path: `${V1}/caseTemplate` }, options);
  }

  get(idOrName: string, options: CallOptions = {}): Promise<CaseTemplateOutputV1> {
    return this.t.json({ method: 'GET', path: `${V1}/caseTemplate/${seg(idOrName)}` }, options);
  }

  create(template: CaseTemplateBodyV1, options: CallOptions = {}): Promise<CaseTemplateOutputV1> {
    return this.t.json({ method: 'POST', path: `${V1}/caseTemplate`, json: template }, options);
  }

  update(idOrName: string, fields: CaseTemplateUpdateV1, options: CallOptions = {}): Promise<void> {
    return this.t.send(
      { method: 'PATCH', path: `${V1}/caseTemplate/${seg(idOrName)}`, json: fields },
      options,
    );
  }

  delete(idOrName: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/caseTemplate/${seg(idOrName)}` }, options);
  }

  find(options: FindOptions = {}): Promise<CaseTemplateOutputV1[]> {
    return this.finder.find(options);
  }
}
