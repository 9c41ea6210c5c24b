/**
 * The alert list's code, a chunk of its own: the route loads it (app/router.tsx), and the shell asks
 * for it once the browser is idle after signing in (app/Root.tsx), so the Alerts link does not wait
 * for it.
 */
export const loadAlertsPage = () => import('./AlertsPage');
