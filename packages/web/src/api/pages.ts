/** Case pages and page templates (TheHive 5 routes, docs/collaboration.md). */
import type { PageOutput, PageTemplateOutput } from '@propolis/core';
import { del, get, patch, post } from './request';

export type Page = PageOutput;
export type PageTemplate = PageTemplateOutput;
export interface PageInput {
  title: string;
  content: string;
  category: string;
  order?: number;
}
const enc = encodeURIComponent;

export const pages = {
  ofCase: (caseId: string) => get<Page[]>(`/api/v1/case/${enc(caseId)}/page`),
  add: (caseId: string, body: PageInput) => post<Page>(`/api/v1/case/${enc(caseId)}/page`, body),
  update: (caseId: string, pageId: string, body: Partial<PageInput>) =>
    patch<void>(`/api/v1/case/${enc(caseId)}/page/${enc(pageId)}`, body),
  remove: (caseId: string, pageId: string) => del<void>(`/api/v1/case/${enc(caseId)}/page/${enc(pageId)}`),
  templates: () => get<PageTemplate[]>('/api/v1/pageTemplate'),
  addTemplate: (body: PageInput) => post<PageTemplate>('/api/v1/pageTemplate', body),
  removeTemplate: (id: string) => del<void>(`/api/v1/pageTemplate/${enc(id)}`),
};
