/** Dashboards (docs/dashboards.md): TheHive 5's `/api/v1/dashboard`, the definition kept as sent. */
import type { DashboardOutputV1 } from '@propolis/core';
import { client } from './http';

export type Dashboard = DashboardOutputV1;
export interface DashboardInput {
  title: string;
  description?: string;
  status?: 'Private' | 'Shared';
  definition?: Record<string, unknown>;
}

export const dashboards = {
  list: () => client.dashboard.list(),
  get: (id: string) => client.dashboard.get(id),
  create: (body: DashboardInput) => client.dashboard.create(body),
  update: (id: string, body: Partial<DashboardInput>) => client.dashboard.update(id, body),
  remove: (id: string) => client.dashboard.delete(id),
};
