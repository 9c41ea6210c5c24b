/**
 * Organisations on the wire (v1 OutputOrganisation; v0 uses the same fields with v0 meta names).
 */

import type { OrganisationOutputV1 } from '@propolis/core';
import { formatId } from '@propolis/core';
import type { OrganisationRow } from '../../db/repositories/organisations.js';
import { auditedRow, metaV1 } from './meta.js';

const body = (org: OrganisationRow) => ({
  name: org.name,
  description: org.description,
  taskRule: 'manual',
  observableRule: 'manual',
  links: [],
  locked: false,
});

export const organisationV1 = (org: OrganisationRow): OrganisationOutputV1 => ({
  ...metaV1(formatId(org.id), 'Organisation', auditedRow(org)),
  ...body(org),
  extraData: {},
});
