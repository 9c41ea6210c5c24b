/**
 * Organisation links (TheHive's "which organisations may share with which"): managed by the admin
 * organisation (manageOrganisation); every member reads its own organisation's links.
 */
import { badRequest, forbidden, formatId, notFound } from '@propolis/core';
import { findOrganisation, type OrganisationRow } from '../../db/repositories/organisations.js';
import { linksOf, putLink, removeLink } from '../../db/repositories/shares.js';
import { appendAudit } from '../../events/audit.js';
import { auditedWrite } from '../audited-write.js';
import { type RequestContext, requirePermission, scopeOf } from '../context.js';
import { type Deps, inTransaction } from '../deps.js';

const DEFAULT_LINK = 'default';

async function anyOrganisation(deps: Pick<Deps, 'db'>, idOrName: string): Promise<OrganisationRow> {
  const org = await findOrganisation(deps.db, { organisationId: 0, platformAdmin: true }, idOrName);
  if (!org) throw notFound(`Organisation ${idOrName} not found`);
  return org;
}

function requireAdmin(ctx: RequestContext): void {
  requirePermission(ctx, 'manageOrganisation');
  if (!scopeOf(ctx).platformAdmin)
    throw forbidden('Organisation links are managed from the admin organisation');
}

/** The organisations linked to one (its own, or any for the admin organisation). */
export async function listLinks(deps: Pick<Deps, 'db'>, ctx: RequestContext, idOrName: string) {
  const org = await findOrganisation(deps.db, scopeOf(ctx), idOrName);
  if (!org) throw notFound(`Organisation ${idOrName} not found`);
  return linksOf(deps.db, org.id);
}

async function pair(deps: Pick<Deps, 'db'>, a: string, b: string) {
  const from = await anyOrganisation(deps, a);
  const to = await anyOrganisation(deps, b);
  if (from.id === to.id) throw badRequest(`An organisation cannot be linked to itself (${from.name})`);
  if (from.name === 'admin' || to.name === 'admin')
    throw badRequest('The admin organisation cannot be linked');
  return { from, to };
}

export async function linkOrganisations(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  a: string,
  b: string,
  types: { linkType?: string; otherLinkType?: string } = {},
): Promise<void> {
  requireAdmin(ctx);
  const { from, to } = await pair(deps, a, b);
  const linkType = types.linkType ?? DEFAULT_LINK;
  await auditedWrite(
    deps,
    ctx,
    (trx) =>
      putLink(
        trx,
        from.id,
        to.id,
        { linkType, otherLinkType: types.otherLinkType ?? linkType },
        ctx.actor.login,
      ),
    { action: 'update', objectType: 'Organisation', id: from.id, details: { link: to.name, linkType } },
  );
}

export async function unlinkOrganisations(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  a: string,
  b: string,
): Promise<void> {
  requireAdmin(ctx);
  const { from, to } = await pair(deps, a, b);
  await auditedWrite(deps, ctx, (trx) => removeLink(trx, from.id, to.id), {
    action: 'update',
    objectType: 'Organisation',
    id: from.id,
    details: { unlink: to.name },
  });
}

/** `PUT /organisation/{id}/links`: the organisation's links become exactly these. */
export async function setLinks(
  deps: Pick<Deps, 'db'>,
  ctx: RequestContext,
  idOrName: string,
  links: Array<{ toOrganisation: string; linkType?: string; otherLinkType?: string }>,
): Promise<void> {
  requireAdmin(ctx);
  const org = await anyOrganisation(deps, idOrName);
  const targets: Array<{ to: OrganisationRow; linkType: string; otherLinkType: string }> = [];
  for (const l of links) {
    const { to } = await pair(deps, idOrName, l.toOrganisation);
    const linkType = l.linkType ?? DEFAULT_LINK;
    targets.push({ to, linkType, otherLinkType: l.otherLinkType ?? linkType });
  }
  await inTransaction(deps, async (trx) => {
    for (const existing of await linksOf(trx, org.id)) await removeLink(trx, org.id, existing.linked_id);
    for (const t of targets) await putLink(trx, org.id, t.to.id, t, ctx.actor.login);
    await appendAudit(trx, ctx, [
      {
        action: 'update',
        objectType: 'Organisation',
        objectId: formatId(org.id),
        details: { links: targets.map((t) => t.to.name) },
      },
    ]);
  });
}
