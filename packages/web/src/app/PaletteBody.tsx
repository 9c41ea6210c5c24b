/**
 * The command palette itself (Mantine Spotlight), loaded on the first Ctrl-K or when the browser is
 * idle (CommandPalette.tsx owns the shortcut): jump to a case by number (#42), search alerts or cases
 * by words, go to any screen, switch theme.
 */
import '@mantine/spotlight/styles.css';
import { useComputedColorScheme } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Spotlight, type SpotlightActionData, spotlight } from '@mantine/spotlight';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { errorText } from '../api/http';
import { updateSettings } from '../common/prefs';

export interface PaletteBodyProps {
  admin: { section: string; label: string }[];
  /** Open (the shortcut or the header button asked), or closed. */
  opened: boolean;
  /** What was typed between the shortcut and this palette's search box taking the focus. */
  typed: string;
  /** The search box has the focus: keys go to it from now on. */
  onReady(): void;
  onClose(): void;
}

export function PaletteBody({ admin, opened, typed, onReady, onClose }: PaletteBodyProps) {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const scheme = useComputedColorScheme('light');
  useEffect(() => {
    if (opened) spotlight.open();
    else spotlight.close();
  }, [opened]);
  // the keys caught while loading and opening come first in the box
  useEffect(() => {
    if (opened && typed) setQuery(typed);
  }, [opened, typed]);

  const actions = useMemo<SpotlightActionData[]>(() => {
    const list: SpotlightActionData[] = [];
    const q = query.trim();
    const number = /^#?(\d{1,9})$/.exec(q)?.[1];
    if (number)
      list.push({
        id: 'case-number',
        label: `Open case #${number}`,
        onClick: () => void navigate({ to: '/cases/$caseId', params: { caseId: number } }),
      });
    if (q && !number) {
      list.push({
        id: 'search-everything',
        label: `Search everything for “${q}”`,
        onClick: () => void navigate({ to: '/search', search: { q } }),
      });
      list.push({
        id: 'search-alerts',
        label: `Alerts matching “${q}”`,
        onClick: () => void navigate({ to: '/alerts', search: { q } }),
      });
      list.push({
        id: 'search-cases',
        label: `Cases matching “${q}”`,
        onClick: () => void navigate({ to: '/cases', search: { q } }),
      });
    }
    list.push(
      { id: 'go-alerts', label: 'Go to alerts', onClick: () => void navigate({ to: '/alerts' }) },
      { id: 'go-cases', label: 'Go to cases', onClick: () => void navigate({ to: '/cases' }) },
      { id: 'go-tasks', label: 'Go to my tasks', onClick: () => void navigate({ to: '/tasks' }) },
      { id: 'go-dashboards', label: 'Go to dashboards', onClick: () => void navigate({ to: '/dashboards' }) },
      {
        id: 'theme',
        label: scheme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme',
        onClick: () =>
          void updateSettings({ theme: scheme === 'dark' ? 'light' : 'dark' }).catch((error) =>
            notifications.show({ color: 'red', title: 'Settings not saved', message: errorText(error) }),
          ),
      },
      { id: 'go-settings', label: 'Go to settings', onClick: () => void navigate({ to: '/settings' }) },
      ...admin.map((a) => ({
        id: `admin-${a.section}`,
        label: `Admin: ${a.label}`,
        onClick: () => void navigate({ to: '/admin/$section', params: { section: a.section } }),
      })),
    );
    return list;
  }, [query, navigate, admin, scheme]);

  return (
    <Spotlight
      actions={actions}
      query={query}
      onQueryChange={setQuery}
      // CommandPalette.tsx owns the shortcut (it works before this part is loaded)
      shortcut={null}
      onSpotlightClose={onClose}
      nothingFound="Nothing found"
      highlightQuery
      // the dynamic entries are computed from the query: do not filter them out again
      filter={(q, items) =>
        items.filter(
          (item) =>
            !('label' in item) ||
            String(item.id).startsWith('case-') ||
            String(item.id).startsWith('search-') ||
            String(item.label).toLowerCase().includes(q.trim().toLowerCase()),
        )
      }
      searchProps={{
        placeholder: 'Case number, words, or a screen…',
        'aria-label': 'Command',
        onFocus: onReady,
      }}
    />
  );
}
