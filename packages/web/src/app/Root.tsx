/**
 * The frame of every screen: the login when nobody is signed in (the URL is kept, so a deep link opens
 * after signing in), else the shell: navigation, command palette (Ctrl-K), theme, time zone, live events.
 */
import {
  ActionIcon,
  AppShell,
  Burger,
  Center,
  Group,
  Loader,
  Menu,
  NativeSelect,
  NavLink,
  Text,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Notifications, notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, useMemo, useRef } from 'react';
import { loadAlertsPage } from '../alerts/load';
import { errorText } from '../api/http';
import { LoginPage } from '../auth/LoginPage';
import { hasPermission, signOut, useMe, useMfaSetupRequired } from '../auth/session';
import { ErrorText } from '../common/ErrorText';
import { whenIdle } from '../common/idle';
import { loadSettings, type Settings, timeZones, updateSettings, useSettings } from '../common/prefs';
import { useLiveEvents } from '../live/events';
import { CommandPalette, openPalette } from './CommandPalette';

// a screen only some sessions need stays out of the entry bundle
const TotpSetupPage = lazy(() => import('../auth/TotpSetupPage').then((m) => ({ default: m.TotpSetupPage })));

export function Root() {
  return (
    <>
      {/* inside the router: notifications may hold links */}
      <Notifications position="bottom-right" />
      <Gate />
    </>
  );
}

function Gate() {
  const me = useMe();
  const mfaSetup = useMfaSetupRequired();
  // first: after a reload, the session's first call (who am I) is the one refused for want of a
  // second factor
  if (mfaSetup)
    return (
      <Suspense fallback={null}>
        <TotpSetupPage />
      </Suspense>
    );
  if (me.isPending)
    return (
      <Center mih="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  if (me.isError) return <ErrorText error={me.error} />;
  if (!me.data) return <LoginPage />;
  return <Shell />;
}

const NAV: { to: string; label: string; key: string; permission?: string }[] = [
  { to: '/alerts', label: 'Alerts', key: 'g a' },
  { to: '/cases', label: 'Cases', key: 'g c' },
  { to: '/tasks', label: 'My tasks', key: 'g t' },
  { to: '/dashboards', label: 'Dashboards', key: 'g d' },
  { to: '/search', label: 'Search', key: 'g s' },
];
const ADMIN: { section: string; label: string; permission: string }[] = [
  { section: 'organisations', label: 'Organisations', permission: 'manageOrganisation' },
  { section: 'users', label: 'Users', permission: 'manageUser' },
  { section: 'profiles', label: 'Profiles', permission: 'manageProfile' },
  { section: 'custom-fields', label: 'Custom fields', permission: 'manageCustomField' },
  { section: 'observable-types', label: 'Observable types', permission: 'manageObservableTemplate' },
  { section: 'case-templates', label: 'Case templates', permission: 'manageCaseTemplate' },
  { section: 'page-templates', label: 'Page templates', permission: 'managePageTemplate' },
  { section: 'statuses', label: 'Statuses', permission: 'manageConfig' },
  { section: 'taxonomies', label: 'Taxonomies', permission: 'manageTaxonomy' },
  { section: 'attack', label: 'ATT&CK', permission: 'managePattern' },
];

/** Applies a settings change at once; says so when the server refuses to keep it. */
function change(settings: Partial<Settings>): void {
  updateSettings(settings).catch((error) =>
    notifications.show({ color: 'red', title: 'Settings not saved', message: errorText(error) }),
  );
}

function Shell() {
  const me = useMe().data!;
  const [opened, { toggle }] = useDisclosure();
  const path = useRouterState({ select: (s) => s.location.pathname });
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const settings = useSettings();
  const zone = settings.timeZone;
  // the server's copy of the settings, once per sign-in; the theme follows them
  const loaded = useQuery({
    queryKey: ['settings'],
    queryFn: loadSettings,
    staleTime: Number.POSITIVE_INFINITY,
  });
  // the theme follows the settings when they change, and only then: Mantine's setColorScheme (a new
  // function at each render) adds and then removes a stylesheet at each call, and each restyles the
  // whole page (a case's 500 observable rows: twice per render of the shell)
  const appliedTheme = useRef(colorScheme);
  useEffect(() => {
    if (appliedTheme.current === settings.theme) return;
    appliedTheme.current = settings.theme;
    setColorScheme(settings.theme);
  }, [settings.theme, setColorScheme]);
  const zones = useMemo(() => timeZones(), []);
  const live = useLiveEvents();
  // the alert list, where analysts spend the day: its code is fetched while nobody waits
  useEffect(() => whenIdle(() => void loadAlertsPage()), []);
  const admin = ADMIN.filter((a) => hasPermission(me, a.permission));

  return (
    <AppShell
      header={{ height: 48 }}
      navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="sm"
    >
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Navigation" />
            <Text fw={700} component={Link} to="/alerts">
              Propolis
            </Text>
            <UnstyledButton onClick={openPalette} title="Command palette">
              <Text
                size="sm"
                c="dimmed"
                px="sm"
                style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}
              >
                Search or jump… Ctrl-K
              </Text>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" aria-live="polite" data-testid="live-state" title="Live updates">
              {live === 'open' ? '● live' : '○ offline'}
            </Text>
            {/* a native list (type to jump to a zone): the searchable Select stays in the settings
                screen, out of the entry bundle */}
            <NativeSelect
              aria-label="Time zone"
              size="xs"
              w={170}
              data={zones}
              value={zone}
              onChange={(e) => change({ timeZone: e.currentTarget.value })}
            />
            <ActionIcon
              variant="default"
              aria-label={scheme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
              onClick={() => change({ theme: scheme === 'dark' ? 'light' : 'dark' })}
            >
              {scheme === 'dark' ? '☀' : '☾'}
            </ActionIcon>
            <Menu position="bottom-end">
              <Menu.Target>
                <UnstyledButton>
                  <Text size="sm">
                    {me.name}{' '}
                    <Text span c="dimmed" size="xs">
                      ({me.organisation})
                    </Text>
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.login}</Menu.Label>
                <Menu.Label>Profile: {me.profile}</Menu.Label>
                <Menu.Item component={Link} to="/settings">
                  Settings
                </Menu.Item>
                <Menu.Item onClick={() => void signOut()}>Sign out</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {NAV.map((n) => (
          <NavLink key={n.to} component={Link} to={n.to} label={n.label} active={path.startsWith(n.to)} />
        ))}
        {admin.length > 0 && (
          <>
            <Text size="xs" c="dimmed" mt="md" mb={4} px="sm" fw={600}>
              ADMIN
            </Text>
            {admin.map((a) => (
              <NavLink
                key={a.section}
                renderRoot={(props) => (
                  <Link to="/admin/$section" params={{ section: a.section }} {...props} />
                )}
                label={a.label}
                active={path === `/admin/${a.section}`}
              />
            ))}
          </>
        )}
      </AppShell.Navbar>
      <AppShell.Main>
        <CommandPalette admin={admin} />
        {loaded.isError && <ErrorText error={loaded.error} />}
        {/* a new date format redraws every date of the screen */}
        <div key={settings.dateFormat} style={{ display: 'contents' }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
