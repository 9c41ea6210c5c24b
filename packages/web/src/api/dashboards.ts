/** Dashboards (docs/dashboards.md): TheHive 5's `/api/v1/dashboard`, the definition kept as sent. */
import type { DashboardOutputV1 } from '@propolis/core';
import { del, get, patch, post } from './request';

export type Dashboard = DashboardOutputV1;
export interface DashboardInput {
  title: string;
  description?: string;
  status?: 'Private' | 'Shared';
  definition?: Record<string, unknown>;
}
const enc = encodeURIComponent;

export const dashboards = {
  list: () => get<Dashboard[]>('/api/v1/dashboard'),
  get: (id: string) => get<Dashboard>(`/api/v1/dashboard/${enc(id)}`),
  create: (body: DashboardInput) => post<Dashboard>('/api/v1/dashboard', body),
  update: (id: string, body: Partial<DashboardInput>) => patch<void>(`/api/v1/dashboard/${enc(id)}`, body),
  remove: (id: string) => del<void>(`/api/v1/dashboard/${enc(id)}`),
};
