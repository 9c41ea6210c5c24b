/**
 * Links of a case made by hand (`/api/v1/case/{id}/link/...`): to other cases, with a link type, and
 * to external URLs; and an alert taken off the case it was merged into. The cases linked through
 * shared observables are `client.case.links(id)`.
 */
import type { CaseLinkBody, UrlLinkBody } from '@propolis/core';
import type { CallOptions } from '../transport.js';
import { Resource, seg, V1 } from './resource.js';

export class CaseLinkResource extends Resource {
  /** The link types in use (for completion). */
  types(options: CallOptions = {}): Promise<string[]> {
    return this.t.json({ method: 'GET', path: `${V1}/case/link/types` }, options);
  }

  addCase(caseId: string | number, link: CaseLinkBody, options: CallOptions = {}): Promise<void> {
    return this.post(caseId, 'case/add', link, options);
  }

  removeCase(caseId: string | number, link: CaseLinkBody, options: CallOptions = {}): Promise<void> {
    return this.post(caseId, 'case/remove', link, options);
  }

  addExternal(caseId: string | number, link: UrlLinkBody, options: CallOptions = {}): Promise<void> {
    return this.post(caseId, 'external/add', link, options);
  }

  removeExternal(caseId: string | number, link: UrlLinkBody, options: CallOptions = {}): Promise<void> {
    return this.post(caseId, 'external/remove', link, options);
  }

  /** Takes an alert off the case it was merged into or imported as. */
  removeAlert(caseId: string | number, alertId: string, options: CallOptions = {}): Promise<void> {
    return this.t.send(
      { method: 'DELETE', path: `${V1}/case/${seg(caseId)}/alert/${seg(alertId)}` },
      options,
    );
  }

  private post(caseId: string | number, action: string, body: object, options: CallOptions): Promise<void> {
    return this.t.send(
      { method: 'POST', path: `${V1}/case/${seg(caseId)}/link/${action}`, json: body },
      options,
    );
  }
}
