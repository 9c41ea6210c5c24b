/**
 * The IOC observables of an organisation's cases as TAXII collections serve them: only the
 * organisation's own (not what was shared with it, and never another organisation's, even for a
 * platform administrator), in the order of the time they were added or last changed, then id, so
 * that pages (keyset) and `added_after` are exact.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { Scope } from '../scope.js';
import { dialectOf, observableVisible } from '../visibility.js';

type Db = Kysely<Database>;

export interface IocRow {
  id: number;
  data_type: string;
  data: string | null;
  message: string | null;
  tags: string;
  created_at: number;
  updated_at: number | null;
  case_id: number;
  case_tlp: number;
  /** When the observable was added or last changed (ms): TAXII's date_added. */
  added: number;
}

export interface IocQuery {
  /** Only the IOCs of closed cases. */
  closedOnly: boolean;
  /** Strictly after this time (ms)... */
  addedAfter?: number;
  /** ...and after this position (the previous page's last row). */
  after?: { added: number; id: number };
  /** One observable by id. */
  id?: number;
  limit: number;
}

const added = sql<number>`coalesce(observable.updated_at, observable.created_at)`;

export async function iocPage(db: Db, scope: Scope, q: IocQuery): Promise<IocRow[]> {
  let query = db
    .selectFrom('observable')
    .innerJoin('case', 'case.id', 'observable.case_id')
    .select([
      'observable.id',
      'observable.data_type',
      'observable.data',
      'observable.message',
      'observable.tags',
      'observable.created_at',
      'observable.updated_at',
      'observable.case_id',
      'case.tlp as case_tlp',
    ])
    .select(added.as('added'))
    .where('observable.ioc', '=', 1)
    .where('observable.organisation_id', '=', scope.organisationId)
    .where(
      observableVisible({ ...scope, shared: false, platformAdmin: false }, 'observable', {
        dialect: dialectOf(db),
      }),
    );
  if (q.closedOnly) query = query.where('case.stage', '=', 'Closed');
  if (q.id !== undefined) query = query.where('observable.id', '=', q.id);
  if (q.addedAfter !== undefined) query = query.where(added, '>', q.addedAfter);
  if (q.after) {
    const { added: at, id } = q.after;
    query = query.where((eb) =>
      eb.or([eb(added, '>', at), eb.and([eb(added, '=', at), eb('observable.id', '>', id)])]),
    );
  }
  const rows = await query.orderBy(added).orderBy('observable.id').limit(q.limit).execute();
  return rows.map((r) => ({ ...r, case_id: r.case_id as number, added: Number(r.added) }));
}
