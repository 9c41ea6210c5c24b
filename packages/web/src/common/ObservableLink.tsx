import { Anchor, Text } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import type { MouseEvent, ReactNode } from 'react';

/**
 * A link to an observable's page: a plain `href`, followed in the app by a plain click (a modified
 * or middle click is the browser's, a new tab). A plain element with Mantine's Anchor look (its
 * classes), not the router's `Link` in an Anchor, which cost a few components each and watch the
 * router's state: a case's observables tab lists hundreds.
 */
export function ObservableLink({ id, children }: { id: string; children: ReactNode }) {
  const router = useRouter();
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void router.navigate({ to: '/observables/$observableId', params: { observableId: id } });
  };
  return (
    <a
      className={`${Text.classes.root} ${Anchor.classes.root}`}
      data-underline="hover"
      href={`/observables/${encodeURIComponent(id)}`}
      onClick={follow}
    >
      {children}
    </a>
  );
}
