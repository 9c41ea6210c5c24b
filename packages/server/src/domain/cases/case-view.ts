/**
 * A case as commands return it: the row with its tags parsed (custom fields are read by presenters
 * through the custom-field module).
 */
import type { CaseRow } from '../../db/repositories/cases.js';

export interface CaseView {
  row: CaseRow;
  tags: string[];
}

export const toCaseView = (row: CaseRow): CaseView => ({ row, tags: JSON.parse(row.tags) as string[] });
