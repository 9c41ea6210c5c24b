/**
 * The screens and their URLs. Every list keeps its state (filters, sort, columns, open preview) in the
 * search params, so any view can be bookmarked or shared. Each area is its own lazily loaded chunk.
 */
import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
} from '@tanstack/react-router';
import { prefetchAlertList } from '../alerts/list-query';
import { loadAlertsPage } from '../alerts/load';
import { parseAlertSearch } from '../alerts/search';
import { prefetchCasePage } from '../cases/case-queries';
import { parseCaseListSearch } from '../cases/search';
import { ErrorText } from '../common/ErrorText';
import { Root } from './Root';

const rootRoute = createRootRoute({ component: Root });

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/alerts' });
  },
});
const alertsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/alerts',
  validateSearch: parseAlertSearch,
  // entering the list (or about to: a pointer on its link) asks for its first page at once
  beforeLoad: ({ search, cause }) => {
    if (cause !== 'stay') prefetchAlertList(search);
  },
  component: lazyRouteComponent(loadAlertsPage, 'AlertsPage'),
});
const casesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cases',
  validateSearch: parseCaseListSearch,
  component: lazyRouteComponent(() => import('../cases/CaseListPage'), 'CaseListPage'),
});
const caseRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/cases/$caseId',
  validateSearch: (search: Record<string, unknown>): { tab?: string; task?: string } => ({
    tab: typeof search.tab === 'string' ? search.tab : undefined,
    task: typeof search.task === 'string' ? search.task : undefined,
  }),
  // entering the case's page asks for the case at once, and for its observables on their tab
  beforeLoad: ({ params, search, cause }) => prefetchCasePage(params.caseId, search.tab, cause !== 'stay'),
  component: lazyRouteComponent(() => import('../cases/CasePage'), 'CasePage'),
});
const dashboardsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/dashboards',
  component: lazyRouteComponent(() => import('../dashboards/DashboardListPage'), 'DashboardListPage'),
});
const dashboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/dashboards/$dashboardId',
  component: lazyRouteComponent(() => import('../dashboards/DashboardPage'), 'DashboardPage'),
});
const searchRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/search',
  validateSearch: (search: Record<string, unknown>): { q?: string } => ({
    q: typeof search.q === 'string' && search.q ? search.q : undefined,
  }),
  component: lazyRouteComponent(() => import('../search/SearchPage'), 'SearchPage'),
});
const observableRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/observables/$observableId',
  component: lazyRouteComponent(() => import('../observables/ObservablePage'), 'ObservablePage'),
});
const tasksRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tasks',
  validateSearch: (search: Record<string, unknown>): { view?: 'mine' | 'waiting' } => ({
    view: search.view === 'waiting' ? 'waiting' : undefined,
  }),
  component: lazyRouteComponent(() => import('../tasks/TasksPage'), 'TasksPage'),
});
const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/admin/$section',
  component: lazyRouteComponent(() => import('../admin/AdminPage'), 'AdminPage'),
});

const settingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('../settings/SettingsPage'), 'SettingsPage'),
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  alertsRoute,
  casesRoute,
  caseRoute,
  tasksRoute,
  dashboardsRoute,
  dashboardRoute,
  searchRoute,
  observableRoute,
  adminRoute,
  settingsRoute,
]);

export const router = createRouter({
  routeTree,
  defaultPreload: 'intent',
  defaultErrorComponent: ({ error }) => <ErrorText error={error} />,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
