import { Anchor } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** A link to a case page (by number or id). */
export function CaseLink({ caseId, children }: { caseId: string; children: ReactNode }) {
  return (
    <Anchor renderRoot={(props) => <Link to="/cases/$caseId" params={{ caseId }} {...props} />}>
      {children}
    </Anchor>
  );
}
