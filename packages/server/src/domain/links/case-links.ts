/**
 * Links of a case (TheHive 5): to other cases of the organisation with a link type, to external
 * URLs with a type; and taking an alert out of a case. Permission `manageCase`; every case named
 * must be visible to the organisation (another organisation's case is "not found", and nothing
 * changes).
 */
import { badRequest, formatId, MAX_URL_LINK, notFound } from '@propolis/core';
import type { Kysely, Transaction } from 'kysely';
import { findAlert } from '../../db/repositories/alerts.js';
import {
  caseLinksOf,
  deleteCaseLink,
  deleteExternalLink,
  type ExternalLinkRow,
  externalLinksOf,
  insertCaseLink,
  insertExternalLink,
  linkTypesInUse,
  unlinkAlert,
} from '../../db/repositories/case-links.js';
import type { Database } from '../../db/schema.js';
import type { Scope } from '../../db/scope.js';
import { appendAudit } from '../../events/audit.js';
import { auditedWrite } from '../audited-write.js';
import { visibleCase } from '../cases/guards.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';
import { checkText } from '../input-rules.js';

/** The types offered by `GET /case/link/types`, beside the ones already used. */
export const DEFAULT_LINK_TYPES = ['Related', 'Duplicate', 'Parent', 'Child', 'Blocks', 'Blocked by'];
const MAX_LINK_TYPE = 128;

export async function linkTypes(deps: Deps, ctx: RequestContext): Promise<string[]> {
  const used = await linkTypesInUse(deps.db, scopeOf(ctx));
  return [...new Set([...DEFAULT_LINK_TYPES, ...used])];
}

async function pair(deps: Deps, ctx: RequestContext, caseId: string, otherId: string) {
  const kase = await visibleCase(deps.db, ctx, caseId);
  const other = await visibleCase(deps.db, ctx, otherId);
  if (other.id === kase.id) throw badRequest('caseId: a case cannot be linked to itself');
  return { kase, other };
}

export async function addCaseLink(
  deps: Deps,
  ctx: RequestContext,
  caseId: string,
  input: { type: string; caseId: string },
): Promise<void> {
  requirePermission(ctx, 'manageCase');
  const type = checkText(input.type, 'type', MAX_LINK_TYPE);
  const { kase, other } = await pair(deps, ctx, caseId, input.caseId);
  const now = Date.now();
  await linkChange(deps, ctx, kase.id, { addLink: { caseId: formatId(other.id), type } }, async (trx) => {
    // one link per pair: adding it again sets its type
    await deleteCaseLink(trx, scopeOf(ctx), kase.id, other.id);
    await insertCaseLink(trx, {
      organisation_id: ctx.actor.organisationId,
      case_id: kase.id,
      linked_case_id: other.id,
      link_type: type,
      created_at: now,
      created_by: ctx.actor.login,
    });
  });
}

export async function removeCaseLink(
  deps: Deps,
  ctx: RequestContext,
  caseId: string,
  input: { type?: string; caseId: string },
): Promise<void> {
  requirePermission(ctx, 'manageCase');
  const { kase, other } = await pair(deps, ctx, caseId, input.caseId);
  await linkChange(deps, ctx, kase.id, { removeLink: { caseId: formatId(other.id) } }, async (trx) => {
    if (!(await deleteCaseLink(trx, scopeOf(ctx), kase.id, other.id)))
      throw notFound(`Case ${caseId} is not linked to case ${input.caseId}`);
  });
}

/** A change of a case's links: written and audited as an update of the case, in one transaction. */
const linkChange = (
  deps: Deps,
  ctx: RequestContext,
  caseId: number,
  details: Record<string, unknown>,
  write: (trx: Transaction<Database>) => Promise<void>,
) =>
  auditedWrite(deps, ctx, write, {
    action: 'update',
    objectType: 'Case',
    id: caseId,
    rootId: caseId,
    details,
  });

function checkUrl(url: string): string {
  const text = (url ?? '').trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw badRequest(`url: "${text.slice(0, 100)}" is not an absolute URL`);
  }
  if (!/^https?:$/.test(parsed.protocol)) throw badRequest('url: must be an http or https URL');
  if (text.length > MAX_URL_LINK) throw badRequest(`url: must be at most ${MAX_URL_LINK} characters`);
  return text;
}

export async function addExternalLink(
  deps: Deps,
  ctx: RequestContext,
  caseId: string,
  input: { type: string; url: string },
): Promise<void> {
  requirePermission(ctx, 'manageCase');
  const type = checkText(input.type, 'type', MAX_LINK_TYPE);
  const url = checkUrl(input.url);
  const kase = await visibleCase(deps.db, ctx, caseId);
  const now = Date.now();
  await linkChange(deps, ctx, kase.id, { addExternalLink: { url, type } }, async (trx) => {
    await deleteExternalLink(trx, scopeOf(ctx), kase.id, url);
    await insertExternalLink(trx, {
      organisation_id: ctx.actor.organisationId,
      case_id: kase.id,
      url,
      link_type: type,
      created_at: now,
      created_by: ctx.actor.login,
    });
  });
}

export async function removeExternalLink(
  deps: Deps,
  ctx: RequestContext,
  caseId: string,
  input: { type?: string; url: string },
): Promise<void> {
  requirePermission(ctx, 'manageCase');
  const kase = await visibleCase(deps.db, ctx, caseId);
  const url = (input.url ?? '').trim();
  await linkChange(deps, ctx, kase.id, { removeExternalLink: { url } }, async (trx) => {
    if (!(await deleteExternalLink(trx, scopeOf(ctx), kase.id, url)))
      throw notFound(`Case ${caseId} has no external link ${url.slice(0, 100)}`);
  });
}

export async function unlinkAlertFromCase(
  deps: Deps,
  ctx: RequestContext,
  caseId: string,
  alertId: string,
): Promise<void> {
  requirePermission(ctx, 'manageCase');
  const kase = await visibleCase(deps.db, ctx, caseId);
  const alert = await findAlert(deps.db, scopeOf(ctx), alertId);
  if (!alert) throw notFound(`Alert ${alertId} not found`);
  await inTransaction(deps, async (trx) => {
    if (!(await unlinkAlert(trx, scopeOf(ctx), kase.id, alert.id)))
      throw badRequest(`Alert ${alertId} is not linked to case ${caseId}`);
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Alert',
        objectId: formatId(alert.id),
        rootId: formatId(alert.id),
        details: { caseId: null, status: 'New', unlinkedFrom: formatId(kase.id) },
      },
    ]);
  });
}

export interface CaseLinksSummary {
  cases: Array<{ caseId: string; type: string }>;
  external: ExternalLinkRow[];
}

/** The `links` extraData of cases: their case links (either end) and external links. */
export async function linksOfCases(
  db: Kysely<Database>,
  scope: Scope,
  caseIds: number[],
): Promise<Map<number, CaseLinksSummary>> {
  const out = new Map<number, CaseLinksSummary>();
  for (const id of caseIds) {
    const [cases, external] = await Promise.all([caseLinksOf(db, scope, id), externalLinksOf(db, scope, id)]);
    out.set(id, { cases: cases.map((l) => ({ caseId: formatId(l.other), type: l.link_type })), external });
  }
  return out;
}
