import { Anchor } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** A link to an observable's page. */
export function ObservableLink({ id, children }: { id: string; children: ReactNode }) {
  return (
    <Anchor
      renderRoot={(props) => (
        <Link to="/observables/$observableId" params={{ observableId: id }} {...props} />
      )}
    >
      {children}
    </Anchor>
  );
}
