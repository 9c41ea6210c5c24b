/**
 * Case and alert statuses on the wire (TheHive 5 OutputCaseStatus / OutputAlertStatus).
 */
import type { CustomStatusOutput } from '@propolis/core';
import type { StatusView } from '../../domain/statuses/statuses.js';

export const statusV1 = (s: StatusView): CustomStatusOutput => ({
  _id: s.id,
  _type: s.kind === 'case' ? 'CaseStatus' : 'AlertStatus',
  value: s.value,
  stage: s.stage,
  colour: s.colour,
  order: s.order,
  hidden: s.hidden,
  builtin: s.builtin,
});
