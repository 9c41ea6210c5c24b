/**
 * Shares and sharing profiles on the wire (TheHive 5 OutputShare, OutputSharingProfile).
 */
import { formatId, type ShareOutputV1, type SharingProfileOutput } from '@propolis/core';
import type { ShareView } from '../../db/repositories/shares.js';
import type { SharingProfile } from '../../domain/sharing/sharing-profiles.js';
import { auditedRow, metaV1 } from './meta.js';

export const shareV1 = (s: ShareView): ShareOutputV1 => ({
  ...metaV1(formatId(s.id), 'Share', auditedRow(s)),
  caseId: formatId(s.case_id),
  profileName: s.profile_name,
  organisationName: s.organisation_name,
  owner: false,
  taskRule: s.task_rule,
  observableRule: s.observable_rule,
});

export const sharingProfileV1 = (p: SharingProfile): SharingProfileOutput => ({ ...p });
