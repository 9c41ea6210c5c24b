/**
 * Table types of migration 0026: a user's saved list views (docs/ui.md). The UI settings it also
 * created live in user_config since migration 0035.
 */
import type { Generated } from 'kysely';

export interface SavedViewTable {
  id: Generated<number>;
  organisation_id: number;
  /** Login of the owner. */
  owner: string;
  /** The list it applies to: alert | case */
  entity: string;
  name: string;
  /** Private | Shared */
  status: string;
  /** JSON object text: the list's filters, sort and columns as the UI keeps them. */
  filters: string;
  /** JSON array text of sort keys, e.g. ["-date", "+severity"]. */
  sort: string;
  /** JSON array text of column names. */
  columns: string;
  created_at: number;
  created_by: string;
  updated_at: number | null;
  updated_by: string | null;
}

export interface PreferenceTables {
  saved_view: SavedViewTable;
}
