/**
 * Path parameters of the collaboration routes (comments, pages, procedures, links).
 */
import { MAX_ALERT_ID, MAX_ID } from '@propolis/core';
import { Type } from 'typebox';

const ref = (maxLength: number) => Type.String({ minLength: 1, maxLength });

export const AlertIdParam = Type.Object({ alertId: ref(MAX_ALERT_ID) });
export const CasePageParams = Type.Object({ caseId: ref(MAX_ID), pageId: ref(MAX_ID) });
export const CaseAlertParams = Type.Object({ caseId: ref(MAX_ID), alertId: ref(MAX_ALERT_ID) });
