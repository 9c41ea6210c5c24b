/**
 * Stores a MISP server's events as alerts in each organisation the server imports into, through
 * the alert commands (same checks, one transaction with its audit rows per alert). An event seen
 * for the first time creates its alert; an event modified since its alert was last synchronised
 * updates it as its source (title, tags, observables replaced, a followed alert marked Updated);
 * an event not modified since is left alone, so a replayed page changes nothing.
 */
import { formatId, PropolisError } from '@propolis/core';
import type { AlertDraft } from '@propolis/feeder';
import { findAlertByKey } from '../../db/repositories/alerts.js';
import { organisationByName } from '../../db/repositories/organisations.js';
import { createAlert } from '../alerts/create-alert.js';
import { updateAlert } from '../alerts/update-alert.js';
import { scopeOf } from '../context.js';
import type { Deps } from '../deps.js';
import { feederContext } from '../feeders/feeder-context.js';
import { draftToInput } from '../feeders/store-drafts.js';

export interface MispEventDraft {
  draft: AlertDraft;
  /** When MISP last modified the event (epoch ms): the alert's `lastSyncDate`. */
  modifiedAt: number;
}

export interface MispStoreResult {
  created: number;
  updated: number;
  unchanged: number;
  failures: { ref: string; reason: string }[];
}

export async function storeMispEvents(
  deps: Deps,
  server: string,
  organisations: readonly string[],
  events: readonly MispEventDraft[],
): Promise<MispStoreResult> {
  const result: MispStoreResult = { created: 0, updated: 0, unchanged: 0, failures: [] };
  for (const organisationName of organisations) {
    const organisation = await organisationByName(deps.db, organisationName);
    if (!organisation) {
      result.failures.push({
        ref: organisationName,
        reason: `the organisation ${organisationName} does not exist`,
      });
      continue;
    }
    const ctx = feederContext(`misp-${server}`, organisation, `misp:${server}`);
    for (const { draft, modifiedAt } of events) {
      const { input, files } = draftToInput(draft);
      const ref = `${organisationName}:${draft.source};${draft.sourceRef}`;
      try {
        try {
          await createAlert(deps, ctx, { ...input, lastSyncDate: modifiedAt }, files);
          result.created += 1;
          continue;
        } catch (error) {
          if (!(error instanceof PropolisError) || error.type !== 'ConflictError') throw error;
        }
        const existing = await findAlertByKey(deps.db, scopeOf(ctx), {
          type: draft.type,
          source: draft.source,
          sourceRef: draft.sourceRef,
        });
        if (!existing) throw new PropolisError('ConflictError', 'the alert was deleted while being updated');
        if (existing.last_sync_date !== null && existing.last_sync_date >= modifiedAt) {
          result.unchanged += 1;
          continue;
        }
        await updateAlert(
          deps,
          ctx,
          formatId(existing.id),
          {
            title: input.title,
            description: input.description,
            severity: input.severity,
            tlp: input.tlp,
            tags: input.tags,
            date: input.date,
            externalLink: input.externalLink,
            observables: input.observables,
            lastSyncDate: modifiedAt,
            fromSource: true,
          },
          files,
        );
        result.updated += 1;
      } catch (error) {
        if (!(error instanceof PropolisError)) throw error;
        result.failures.push({ ref, reason: error.message });
      }
    }
  }
  return result;
}
