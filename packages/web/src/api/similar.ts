/**
 * Cases linked to a case or sharing observables with it, and the alerts merged into it; the cases and
 * the alerts sharing observables with an alert.
 */
import type { OutputSimilarAlert, OutputSimilarCase } from '@propolis/client';
import type { Alert, Case } from './calls';
import { api } from './calls';
import { client } from './http';

export type LinkedCase = Case & {
  linkType?: string;
  linksCount?: number;
  linkedWith?: { data?: string; dataType?: string }[];
};

export type SimilarCase = OutputSimilarCase;
export type SimilarAlert = OutputSimilarAlert;

export const similar = {
  casesLikeAlert: (alertId: string) => client.alert.similarCases(alertId),
  alertsLikeAlert: (alertId: string) => client.alert.similarAlerts(alertId),
  casesOf: (caseId: string) => client.case.links(caseId) as Promise<LinkedCase[]>,
  alertsOf: (caseId: string) =>
    api
      .query<Alert>([
        { _name: 'getCase', idOrName: caseId },
        { _name: 'alerts' },
        { _name: 'page', from: 0, to: 100 },
      ])
      .then((r) => r.rows),
};
