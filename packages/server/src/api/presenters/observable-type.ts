/**
 * Observable types on the wire (TheHive 5 OutputObservableType; v0 uses the v0 meta names).
 */

import { formatId, type ObservableTypeOutputV0, type ObservableTypeOutputV1 } from '@propolis/core';
import type { ObservableTypeRow } from '../../db/repositories/observable-types.js';
import { auditedRow, metaV0, metaV1 } from './meta.js';

const body = (t: ObservableTypeRow) => ({
  name: t.name,
  isAttachment: t.is_attachment === 1,
  isCaseSensitive: t.is_case_sensitive === 1,
});

export const observableTypeV1 = (t: ObservableTypeRow): ObservableTypeOutputV1 => ({
  ...metaV1(formatId(t.id), 'ObservableType', auditedRow(t)),
  ...body(t),
});
export const observableTypeV0 = (t: ObservableTypeRow): ObservableTypeOutputV0 => ({
  ...metaV0(formatId(t.id), 'observableType', auditedRow(t)),
  ...body(t),
});
