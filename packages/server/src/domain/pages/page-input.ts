/**
 * The checks of a page (case page, knowledge-base page, page template): title and category
 * required one-line texts, content kept as written (markdown), order an integer (0 by default).
 */
import { badRequest, INT32_MAX, INT32_MIN, MAX_LONG_TEXT, MAX_TITLE } from '@propolis/core';
import { checkLength, checkRange, checkText } from '../input-rules.js';

export interface PageInput {
  title: string;
  category: string;
  content: string;
  order?: number;
}

export interface CheckedPage {
  title: string;
  category: string;
  content: string;
  order: number;
}

export function checkPage(input: PageInput, field = 'page'): CheckedPage {
  if (typeof input !== 'object' || input === null) throw badRequest(`${field}: must be an object`);
  if (typeof input.content !== 'string') throw badRequest(`${field}.content: is required`);
  return {
    title: checkText(input.title, 'title', MAX_TITLE),
    category: checkText(input.category, 'category', MAX_TITLE),
    content: checkLength(input.content, 'content', MAX_LONG_TEXT),
    order: checkRange(input.order ?? 0, 'order', INT32_MIN, INT32_MAX),
  };
}

/** A partial update: only the fields given, each checked. */
export function checkPageUpdate(input: Partial<PageInput>): Partial<CheckedPage> {
  const out: Partial<CheckedPage> = {};
  if (input.title !== undefined) out.title = checkText(input.title, 'title', MAX_TITLE);
  if (input.category !== undefined) out.category = checkText(input.category, 'category', MAX_TITLE);
  if (input.content !== undefined) out.content = checkLength(input.content, 'content', MAX_LONG_TEXT);
  if (input.order !== undefined) out.order = checkRange(input.order, 'order', INT32_MIN, INT32_MAX);
  return out;
}
