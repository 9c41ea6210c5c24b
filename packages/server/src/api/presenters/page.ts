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

export function pageV1(row: PageRow, extraData: ExtraData = {}): PageOutput {
  return {
    ...metaV1(formatId(row.id), 'Page', auditedRow(row)),
    title: row.title,
    content: row.content,
    order: row.order,
    category: row.category,
    slug: slugOf(row.title),
    extraData,
  };
}

export function pageTemplateV1(row: PageTemplateRow, extraData: ExtraData = {}): PageTemplateOutput {
  return {
    ...metaV1(formatId(row.id), 'PageTemplate', auditedRow(row)),
    title: row.title,
    content: row.content,
    order: row.order,
    category: row.category,
    extraData,
  };
}
