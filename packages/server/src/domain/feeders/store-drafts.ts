/**
 * Stores a feeder's alert drafts as alerts of its organisation, through the alert command (the same
 * checks, transaction and audit as an alert posted to the API). A draft whose key exists already
 * is a duplicate (a replayed batch, or the same event seen twice); a draft the command refuses is a
 * failure with the command's reason. Anything else (the database is gone) propagates, so that the
 * batch and its cursor are retried.
 */
import { formatId, PropolisError } from '@propolis/core';
import type { AlertDraft, DeliveryResult, FeedFailure } from '@propolis/feeder';
import { organisationByName } from '../../db/repositories/organisations.js';
import { createAlert } from '../alerts/create-alert.js';
import type { Deps } from '../deps.js';
import type { CreateObservableInput, IncomingFile } from '../observables/observable-input.js';
import { feederContext } from './feeder-context.js';

export interface StoreResult extends DeliveryResult {
  failures: FeedFailure[];
  /** Ids of the alerts created, in draft order. */
  alertIds: string[];
}

export function draftToInput(draft: AlertDraft): {
  input: Parameters<typeof createAlert>[2];
  files: IncomingFile[];
} {
  const files: IncomingFile[] = [];
  const observables: CreateObservableInput[] = draft.observables.map((o) => {
    const base = { dataType: o.dataType, message: o.message, tags: o.tags, ioc: o.ioc, tlp: o.tlp };
    if (o.file) {
      const field = `file${files.length}`;
      files.push({
        filename: o.file.name,
        contentType: o.file.contentType,
        bytes: Buffer.from(o.file.content),
        field,
      });
      return { ...base, attachment: field };
    }
    return { ...base, data: o.data };
  });
  return {
    input: {
      type: draft.type,
      source: draft.source,
      sourceRef: draft.sourceRef,
      title: draft.title,
      description: draft.description,
      severity: draft.severity,
      tlp: draft.tlp,
      pap: draft.pap,
      tags: draft.tags,
      date: draft.date,
      externalLink: draft.externalLink,
      caseTemplate: draft.caseTemplate,
      observables,
    },
    files,
  };
}

export async function storeDrafts(
  deps: Deps,
  feeder: string,
  organisationName: string,
  drafts: readonly AlertDraft[],
): Promise<StoreResult> {
  const result: StoreResult = { created: 0, duplicates: 0, failed: 0, failures: [], alertIds: [] };
  if (drafts.length === 0) return result;
  const organisation = await organisationByName(deps.db, organisationName);
  if (!organisation) throw new Error(`the organisation ${organisationName} does not exist`);
  const ctx = feederContext(feeder, organisation);
  for (const draft of drafts) {
    const { input, files } = draftToInput(draft);
    try {
      const view = await createAlert(deps, ctx, input, files);
      result.created += 1;
      result.alertIds.push(formatId(view.row.id));
    } catch (error) {
      if (!(error instanceof PropolisError)) throw error;
      if (error.type === 'ConflictError') {
        result.duplicates += 1;
        continue;
      }
      result.failed += 1;
      result.failures.push({ ref: `${draft.source};${draft.sourceRef}`, reason: error.message });
    }
  }
  return result;
}
