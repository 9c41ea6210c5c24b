/**
 * Organisations: created and renamed by the admin organisation (manageOrganisation); every member
 * reads its own organisation; the admin organisation reads all.
 */
import { badRequest, conflict, forbidden, formatId, notFound } from '@propolis/core';
import type { Transaction } from 'kysely';
import {
  findOrganisation,
  insertOrganisation,
  listOrganisations as listRows,
  type OrganisationRow,
  organisationByName,
  updateOrganisation as updateRow,
} from '../../db/repositories/organisations.js';
import { linkedNamesOf } from '../../db/repositories/shares.js';
import type { Database } from '../../db/schema.js';
import { auditedWrite } from '../audited-write.js';
import { ADMIN_ORGANISATION, type RequestContext, requirePermission, scopeOf } from '../context.js';
import type { Deps } from '../deps.js';

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._@-]{0,127}$/u;

function checkName(name: string): string {
  const value = name.trim();
  if (!NAME.test(value)) {
    throw badRequest(
      `name: "${name}" is not a valid organisation name (1 to 128 letters, digits, spaces, . _ @ -)`,
    );
  }
  if (/^~\d+$/.test(value)) throw badRequest('name: must not look like an id');
  return value;
}

/** An organisation with the names of the organisations it is linked to (docs/sharing.md). */
export type OrganisationView = OrganisationRow & { links: string[] };

async function withLinks(deps: Deps, rows: OrganisationRow[]): Promise<OrganisationView[]> {
  const links = await linkedNamesOf(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, links: links.get(r.id) ?? [] }));
}

export async function getOrganisation(
  deps: Deps,
  ctx: RequestContext,
  idOrName: string,
): Promise<OrganisationView> {
  const org = await findOrganisation(deps.db, scopeOf(ctx), idOrName);
  if (!org) throw notFound(`Organisation ${idOrName} not found`);
  return (await withLinks(deps, [org]))[0]!;
}

export const listOrganisations = async (deps: Deps, ctx: RequestContext): Promise<OrganisationView[]> =>
  withLinks(deps, await listRows(deps.db, scopeOf(ctx)));

export async function createOrganisation(
  deps: Deps,
  ctx: RequestContext,
  input: { name: string; description?: string },
): Promise<OrganisationRow> {
  requirePermission(ctx, 'manageOrganisation');
  if (!scopeOf(ctx).platformAdmin) throw forbidden('Organisations are created from the admin organisation');
  const name = checkName(input.name);
  const insert = async (trx: Transaction<Database>) => {
    if (await organisationByName(trx, name)) throw conflict(`Organisation ${name} already exists`);
    return insertOrganisation(trx, {
      name,
      description: input.description ?? '',
      createdBy: ctx.actor.login,
    });
  };
  return auditedWrite(deps, ctx, insert, (row) => ({
    action: 'create',
    objectType: 'Organisation',
    id: row.id,
    details: { name, description: row.description },
  }));
}

export async function updateOrganisation(
  deps: Deps,
  ctx: RequestContext,
  idOrName: string,
  input: { name?: string; description?: string },
): Promise<OrganisationRow> {
  requirePermission(ctx, 'manageOrganisation');
  const org = await getOrganisation(deps, ctx, idOrName);
  const name = input.name === undefined ? undefined : checkName(input.name);
  if (name !== undefined && org.name === ADMIN_ORGANISATION && name !== ADMIN_ORGANISATION) {
    throw badRequest('name: the admin organisation cannot be renamed');
  }
  const update = async (trx: Transaction<Database>) => {
    if (name !== undefined && name !== org.name && (await organisationByName(trx, name))) {
      throw conflict(`Organisation ${name} already exists`);
    }
    await updateRow(trx, scopeOf(ctx), org.id, {
      name,
      description: input.description,
      updatedBy: ctx.actor.login,
    });
  };
  // Only the fields this command changes: a body may carry others (taskRule, ...) that are ignored.
  const details = { name, description: input.description };
  await auditedWrite(deps, ctx, update, {
    action: 'update',
    objectType: 'Organisation',
    id: org.id,
    details,
  });
  return getOrganisation(deps, ctx, formatId(org.id));
}
