/** Case pages and page templates (TheHive 5 routes, docs/collaboration.md). */
import type { PageOutput, PageTemplateOutput } from '@propolis/core';
import { client } from './http';

export type Page = PageOutput;
export type PageTemplate = PageTemplateOutput;
export interface PageInput {
  title: string;
  content: string;
  category: string;
  order?: number;
}

export const pages = {
  ofCase: (caseId: string) => client.page.ofCase(caseId),
  add: (caseId: string, body: PageInput) => client.page.addToCase(caseId, body),
  update: (caseId: string, pageId: string, body: Partial<PageInput>) =>
    client.page.updateInCase(caseId, pageId, body),
  remove: (caseId: string, pageId: string) => client.page.deleteInCase(caseId, pageId),
  templates: () => client.pageTemplate.list(),
  addTemplate: (body: PageInput) => client.pageTemplate.create(body),
  removeTemplate: (id: string) => client.pageTemplate.delete(id),
};
