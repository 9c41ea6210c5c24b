/**
 * Dashboards on the wire: v1 (definition object) and v0 (definition as JSON text).
 */
import { type DashboardOutputV0, type DashboardOutputV1, formatId } from '@propolis/core';
import type { DashboardView } from '../../domain/dashboards/dashboards.js';
import { auditedRow, metaV0, metaV1 } from './meta.js';
import { ownedFields } from './owned.js';

export function dashboardV1(v: DashboardView): DashboardOutputV1 {
  const out: DashboardOutputV1 = {
    ...metaV1(formatId(v.row.id), 'Dashboard', auditedRow(v.row)),
    title: v.row.title,
    description: v.row.description,
    ...ownedFields(v),
    definition: v.definition,
    version: v.row.version,
  };
  if (v.row.group_name !== null) out.group = v.row.group_name;
  return out;
}

export const dashboardV0 = (v: DashboardView): DashboardOutputV0 => ({
  ...metaV0(formatId(v.row.id), 'dashboard', auditedRow(v.row)),
  title: v.row.title,
  description: v.row.description,
  ...ownedFields(v),
  definition: v.row.definition,
});
