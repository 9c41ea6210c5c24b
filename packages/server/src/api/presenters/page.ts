/**
 * Pages and page templates on the wire (TheHive 5 OutputCasePage, OutputPageTemplate). A page's
 * `slug` is its title in lower case with dashes, as TheHive 4 derived it.
 */
import { type ExtraData, formatId, type PageOutput, type PageTemplateOutput } from '@propolis/core';
import type { PageTemplateRow } from '../../db/repositories/page-templates.js';
import type { PageRow } from '../../db/repositories/pages.js';
import { auditedRow, metaV1 } from './meta.js';

export const slugOf = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');

/** What a page and a page template both carry (a page adds its slug). */
const pageContentV1 = (type: 'Page' | 'PageTemplate', row: PageRow | PageTemplateRow) => ({
  ...metaV1(formatId(row.id), type, auditedRow(row)),
  title: row.title,
  content: row.content,
  order: row.order,
  category: row.category,
});

export const pageV1 = (row: PageRow, extraData: ExtraData = {}): PageOutput => ({
  ...pageContentV1('Page', row),
  slug: slugOf(row.title),
  extraData,
});

export const pageTemplateV1 = (row: PageTemplateRow, extraData: ExtraData = {}): PageTemplateOutput => ({
  ...pageContentV1('PageTemplate', row),
  extraData,
});
