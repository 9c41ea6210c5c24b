/** A page's heading: the one level-1 title of a screen, at the size every page uses. */
import { Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function PageTitle({ children }: { children: ReactNode }) {
  return (
    <Title order={1} size="h3">
      {children}
    </Title>
  );
}
