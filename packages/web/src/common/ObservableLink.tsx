import { Anchor, Text } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import { type MouseEvent, type ReactNode, useCallback } from 'react';

/**
 * Links to observables' pages: plain `<a>` elements with Mantine's Anchor look (its classes) and a
 * plain `href`, followed in the app by a plain click (a modified or middle click is the browser's, a
 * new tab), through one click handler on whatever holds them. Not the router's `Link` in an Anchor,
 * which cost a few components each and watch the router's state: a case's observables tab lists
 * hundreds.
 */
const LINK_CLASS = `${Text.classes.root} ${Anchor.classes.root}`;

/**
 * A link to observable `id`, followed by `useFollowObservableLinks` on an element that holds it (or
 * given as its own `onClick`).
 */
export function observableLink(
  id: string,
  children: ReactNode,
  onClick?: (event: MouseEvent<HTMLElement>) => void,
) {
  return (
    <a
      className={LINK_CLASS}
      data-underline="hover"
      data-observable={id}
      href={`/observables/${encodeURIComponent(id)}`}
      onClick={onClick}
    >
      {children}
    </a>
  );
}

/** A click handler for an element holding observable links: a plain click on one follows it in the app. */
export function useFollowObservableLinks(): (event: MouseEvent<HTMLElement>) => void {
  const router = useRouter();
  return useCallback(
    (event: MouseEvent<HTMLElement>) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-observable]');
      if (!link || !event.currentTarget.contains(link)) return;
      event.preventDefault();
      const observableId = link.dataset.observable ?? '';
      void router.navigate({ to: '/observables/$observableId', params: { observableId } });
    },
    [router],
  );
}

/** One link to an observable's page, on its own. */
export function ObservableLink({ id, children }: { id: string; children: ReactNode }) {
  return observableLink(id, children, useFollowObservableLinks());
}
