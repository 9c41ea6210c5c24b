/**
 * Sharing between organisations (`/api/v1/...`): organisation links, sharing profiles, shares of a
 * case with other organisations (and of its tasks and observables), the owner change, and who may
 * see a case inside the organisations that share it.
 */
import type {
  CaseAccess,
  CaseOwnerBody,
  InputOrganisationLink,
  InputShare,
  OrganisationLinkBody,
  ShareOutputV1,
  SharingProfileOutput,
} from '@propolis/core';
import type { CallOptions } from '../transport.js';
import type { OutputOrganisation } from '../types.js';
import { Resource, seg, V1 } from './resource.js';

type Item = 'task' | 'observable';

export class SharingResource extends Resource {
  /** The sharing profiles (what a share gives: permissions, task and observable rules). */
  profiles(options: CallOptions = {}): Promise<SharingProfileOutput[]> {
    return this.t.json({ method: 'GET', path: `${V1}/sharingProfile` }, options);
  }

  /** The organisations linked to `organisation` (the ones it can share with). */
  links(organisation: string, options: CallOptions = {}): Promise<OutputOrganisation[]> {
    return this.t.json({ method: 'GET', path: `${V1}/organisation/${seg(organisation)}/links` }, options);
  }

  /** Sets the organisation's whole list of links. */
  setLinks(organisation: string, links: readonly InputOrganisationLink[], options: CallOptions = {}) {
    return this.t.send(
      { method: 'PUT', path: `${V1}/organisation/${seg(organisation)}/links`, json: { links } },
      options,
    );
  }

  link(organisation: string, other: string, types: OrganisationLinkBody = {}, options: CallOptions = {}) {
    return this.t.send(
      { method: 'PUT', path: `${V1}/organisation/${seg(organisation)}/link/${seg(other)}`, json: types },
      options,
    );
  }

  unlink(organisation: string, other: string, options: CallOptions = {}): Promise<void> {
    return this.t.send(
      { method: 'DELETE', path: `${V1}/organisation/${seg(organisation)}/link/${seg(other)}` },
      options,
    );
  }

  /** The shares of a case (one per organisation that sees it, the owner's included). */
  caseShares(caseId: string | number, options: CallOptions = {}): Promise<ShareOutputV1[]> {
    return this.t.json({ method: 'GET', path: `${V1}/case/${seg(caseId)}/shares` }, options);
  }

  /** Shares the case with more organisations. */
  shareCase(caseId: string | number, shares: readonly InputShare[], options: CallOptions = {}) {
    return this.t.json<ShareOutputV1[]>(
      { method: 'POST', path: `${V1}/case/${seg(caseId)}/shares`, json: { shares } },
      options,
    );
  }

  /** Sets the case's whole list of shares: organisations left out stop seeing it. */
  setCaseShares(caseId: string | number, shares: readonly InputShare[], options: CallOptions = {}) {
    return this.t.json<ShareOutputV1[]>(
      { method: 'PUT', path: `${V1}/case/${seg(caseId)}/shares`, json: { shares } },
      options,
    );
  }

  /** Stops sharing the case with these organisations. */
  unshareCase(caseId: string | number, organisations: readonly string[], options: CallOptions = {}) {
    return this.t.send(
      { method: 'DELETE', path: `${V1}/case/${seg(caseId)}/shares`, json: { organisations } },
      options,
    );
  }

  /** Removes one share by its id. */
  deleteShare(shareId: string, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'DELETE', path: `${V1}/case/share/${seg(shareId)}` }, options);
  }

  /** Changes the sharing profile of one share. */
  updateShare(shareId: string, profile: string, options: CallOptions = {}): Promise<void> {
    return this.t.send(
      { method: 'PATCH', path: `${V1}/case/share/${seg(shareId)}`, json: { profile } },
      options,
    );
  }

  /** The shares of a task or an observable. */
  itemShares(kind: Item, id: string, options: CallOptions = {}): Promise<ShareOutputV1[]> {
    return this.t.json({ method: 'GET', path: `${V1}/${kind}/${seg(id)}/shares` }, options);
  }

  /** Shares a task or an observable with organisations that already see its case. */
  shareItem(kind: Item, id: string, organisations: readonly string[], options: CallOptions = {}) {
    return this.t.send(
      { method: 'POST', path: `${V1}/${kind}/${seg(id)}/shares`, json: { organisations } },
      options,
    );
  }

  unshareItem(kind: Item, id: string, organisations: readonly string[], options: CallOptions = {}) {
    return this.t.send(
      { method: 'DELETE', path: `${V1}/${kind}/${seg(id)}/shares`, json: { organisations } },
      options,
    );
  }

  /** Hands the case over to another organisation (which must see it already or be linked). */
  changeOwner(caseId: string | number, owner: CaseOwnerBody, options: CallOptions = {}): Promise<void> {
    return this.t.send({ method: 'POST', path: `${V1}/case/${seg(caseId)}/owner`, json: owner }, options);
  }

  /** Who may see the case: everyone of the organisations that share it, or only the named users. */
  setAccess(caseId: string | number, access: CaseAccess, options: CallOptions = {}): Promise<void> {
    return this.t.send(
      { method: 'POST', path: `${V1}/case/${seg(caseId)}/access`, json: { access } },
      options,
    );
  }

  bulkSetAccess(caseIds: readonly string[], access: CaseAccess, options: CallOptions = {}): Promise<void> {
    return this.t.send(
      { method: 'POST', path: `${V1}/case/_bulk/access`, json: { ids: caseIds, access } },
      options,
    );
  }
}
