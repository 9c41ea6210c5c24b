/**
 * Saved list views on the wire (TheHive 5 style meta).
 */
import { formatId, type SavedViewOutput } from '@propolis/core';
import type { SavedView } from '../../domain/preferences/saved-views.js';
import { auditedRow, metaV1 } from './meta.js';
import { ownedFields } from './owned.js';

export const savedViewV1 = (v: SavedView): SavedViewOutput => ({
  ...metaV1(formatId(v.row.id), 'SavedView', auditedRow(v.row)),
  entity: v.row.entity,
  name: v.row.name,
  ...ownedFields(v),
  filters: v.filters,
  sort: v.sort,
  columns: v.columns,
});
