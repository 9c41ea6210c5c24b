/** Sharing a case with linked organisations (docs/sharing.md). */
import type { ShareOutputV1 } from '@propolis/core';
import { client } from './http';

export type Share = ShareOutputV1;
export interface OrganisationLink {
  name: string;
  linkType?: string;
}

export const sharing = {
  ofCase: (caseId: string) => client.sharing.caseShares(caseId),
  linkedOrganisations: (organisation: string): Promise<OrganisationLink[]> =>
    client.sharing.links(organisation),
  profiles: () => client.sharing.profiles(),
  share: (caseId: string, organisation: string, profile: string) =>
    client.sharing.shareCase(caseId, [{ organisation, profile }]),
  unshare: (caseId: string, organisation: string) => client.sharing.unshareCase(caseId, [organisation]),
};
