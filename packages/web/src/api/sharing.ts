/** Sharing a case with linked organisations (docs/sharing.md). */
import type { ShareOutputV1 } from '@propolis/core';
import { client } from './http';
import { get, post } from './request';

export type Share = ShareOutputV1;
export interface OrganisationLink {
  name: string;
  linkType?: string;
}
const enc = encodeURIComponent;

export const sharing = {
  ofCase: (caseId: string) => get<Share[]>(`/api/v1/case/${enc(caseId)}/shares`),
  linkedOrganisations: (organisation: string) =>
    get<OrganisationLink[]>(`/api/v1/organisation/${enc(organisation)}/links`),
  profiles: () => get<{ name: string }[]>('/api/v1/sharingProfile'),
  share: (caseId: string, organisation: string, profile: string) =>
    post<Share[]>(`/api/v1/case/${enc(caseId)}/shares`, { shares: [{ organisation, profile }] }),
  unshare: (caseId: string, organisation: string) => client.sharing.unshareCase(caseId, [organisation]),
};
