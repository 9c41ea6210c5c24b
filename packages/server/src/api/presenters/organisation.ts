/**
 * Organisations on the wire (v1 OutputOrganisation; v0 uses the same fields with v0 meta names).
 */

import type { OrganisationOutputV1 } from '@propolis/core';
import { formatId } from '@propolis/core';
import type { OrganisationRow } from '../../db/repositories/organisations.js';
import { auditedRow, metaV1 } from './meta.js';

/** An organisation row, with the names of the organisations it is linked to when known. */
type Organisation = OrganisationRow & { links?: string[] };

const body = (org: Organisation) => ({
  name: org.name,
  description: org.description,
  taskRule: 'manual',
  observableRule: 'manual',
  links: org.links ?? [],
  locked: false,
});

export const organisationV1 = (org: Organisation): OrganisationOutputV1 => ({
  ...metaV1(formatId(org.id), 'Organisation', auditedRow(org)),
  ...body(org),
  extraData: {},
});
