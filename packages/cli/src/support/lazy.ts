/**
 * The heavy modules a command needs, loaded when its action runs: `propolis --help` or
 * `propolis alert send` do not pay for evaluating the server, the analysis engine or the database
 * drivers (the bundle keeps modules reached through import() unevaluated until first used).
 */
export const operator = () => import('@propolis/server/operator');
export const server = () => import('@propolis/server');
export const analysis = () => import('@propolis/analysis');
export const kysely = () => import('kysely');
export const sqlite = async (): Promise<typeof import('better-sqlite3')> =>
  (await import('better-sqlite3')).default;
export const pg = async () => (await import('pg')).default;
