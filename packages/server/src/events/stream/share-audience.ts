/**
 * Which organisations have received shares, for the live stream and the event hub: their streams
 * are also offered other organisations' rows about a case, which the domain then filters by the
 * shares in force (domain/sharing/visible-audits.ts). Loaded when a stream opens and kept current
 * from the outbox itself: a `Share` row names the organisation it gave the case to, and the rows
 * after it are dispatched with that knowledge, on every node.
 */
import type { Kysely } from 'kysely';
import type { AuditRow } from '../../db/repositories/audit-feed.js';
import { organisationsWithShares } from '../../db/repositories/shares.js';
import type { Database } from '../../db/schema.js';

export class ShareAudience {
  private organisations = new Set<number>();

  constructor(private readonly db: Kysely<Database>) {}

  async load(): Promise<void> {
    this.organisations = new Set(await organisationsWithShares(this.db));
  }

  /** Notes the shares a batch of rows creates (call before dispatching it). */
  note(row: AuditRow): void {
    if (row.object_type !== 'Share' || row.action === 'delete') return;
    try {
      const id = (JSON.parse(row.details) as { organisationId?: unknown }).organisationId;
      if (typeof id === 'number') this.organisations.add(id);
    } catch {
      // details are written by appendAudit as JSON; anything else is not a share
    }
  }

  has(organisationId: number): boolean {
    return this.organisations.has(organisationId);
  }
}
