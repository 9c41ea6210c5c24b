/**
 * What a workflow's filter is evaluated on: the object of the event as it is now, in v1 field
 * names. An alert: `type`, `source`, `sourceRef`, `title`, `severity`, `tlp`, `pap`, `tags`,
 * `status`, `caseId`. A case: `number`, `title`, `severity`, `tlp`, `tags`, `status`, `stage`,
 * `alerts` (`type`, `source`, `sourceRef` of the alerts imported into it), `alertSources` and
 * `alertSourceRefs`, so that a rule on a closed case can reach the source of its alerts.
 */
import { formatId } from '@propolis/core';
import { alertsOfCases, findAlert } from '../../db/repositories/alerts.js';
import { findCase } from '../../db/repositories/cases.js';
import type { Scope } from '../../db/scope.js';
import type { Deps } from '../deps.js';

export type Subject = Record<string, unknown> & { _id: string; _type: 'Alert' | 'Case' };

export async function loadSubject(
  deps: Pick<Deps, 'db'>,
  scope: Scope,
  objectType: string,
  objectId: string,
): Promise<Subject | undefined> {
  if (objectType === 'Alert') {
    const a = await findAlert(deps.db, scope, objectId);
    if (!a) return undefined;
    return {
      _id: formatId(a.id),
      _type: 'Alert',
      type: a.type,
      source: a.source,
      sourceRef: a.source_ref,
      title: a.title,
      description: a.description,
      severity: a.severity,
      tlp: a.tlp,
      pap: a.pap,
      tags: JSON.parse(a.tags) as string[],
      status: a.status,
      caseId: a.case_id === null ? null : formatId(a.case_id),
    };
  }
  if (objectType === 'Case') {
    const c = await findCase(deps.db, scope, objectId);
    if (!c) return undefined;
    const alerts = await alertsOfCases(deps.db, scope, [c.id]);
    return {
      _id: formatId(c.id),
      _type: 'Case',
      number: c.number,
      title: c.title,
      severity: c.severity,
      tlp: c.tlp,
      tags: JSON.parse(c.tags) as string[],
      status: c.status,
      stage: c.stage,
      alerts: alerts.map((a) => ({
        _id: formatId(a.id),
        type: a.type,
        source: a.source,
        sourceRef: a.source_ref,
      })),
      // Flat lists for filters (a filter path does not go through lists of objects).
      alertSources: [...new Set(alerts.map((a) => a.source))],
      alertSourceRefs: alerts.map((a) => a.source_ref),
    };
  }
  return undefined;
}
