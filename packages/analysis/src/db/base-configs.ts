/**
 * Base configurations of an organisation (Cortex's analyzerconfig/responderconfig), scoped by
 * organisation on every read and write.
 */
import type { Selectable } from 'kysely';
import type { AnalysisBaseConfigTable, AnalysisDb } from './schema.js';

export type BaseConfigRow = Selectable<AnalysisBaseConfigTable>;

export async function baseConfigsOf(
  db: AnalysisDb,
  organisationId: number,
  type: string,
  names?: string[],
): Promise<BaseConfigRow[]> {
  if (names && names.length === 0) return [];
  let query = db
    .selectFrom('analysis_base_config')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('type', '=', type);
  if (names) query = query.where('name', 'in', names);
  return query.execute();
}

/** Inserts or replaces (one statement, so two administrators saving at once do not collide). */
export async function saveBaseConfig(db: AnalysisDb, row: BaseConfigRow): Promise<void> {
  await db
    .insertInto('analysis_base_config')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['organisation_id', 'type', 'name'])
        .doUpdateSet({ config: row.config, updated_at: row.updated_at, updated_by: row.updated_by }),
    )
    .execute();
}
