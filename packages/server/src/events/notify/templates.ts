/**
 * Mustache templates of the notifiers (subjects, bodies, chat texts, HTTP requests), by the `mustache`
 * library. A template is checked when it is configured (a syntax error is a 400 that says where);
 * rendering never throws on missing values (they render empty). `{{x}}` escapes for the output's
 * kind: nothing for text, JSON string escaping for JSON bodies, HTML for HTML; `{{{x}}}` never escapes.
 */
import { badRequest } from '@propolis/core';
import Mustache from 'mustache';

export type Escape = 'text' | 'json' | 'html' | 'url';

const ESCAPES: Record<Escape, (value: unknown) => string> = {
  text: (v) => String(v),
  url: (v) => encodeURIComponent(String(v)),
  json: (v) => JSON.stringify(String(v)).slice(1, -1),
  html: (v) =>
    String(v).replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
    ),
};

/** Most characters a template may have. */
export const MAX_TEMPLATE = 64 * 1024;

export function checkTemplate(value: unknown, where: string): string {
  if (typeof value !== 'string') throw badRequest(`${where}: must be a template (text)`);
  if (value.length > MAX_TEMPLATE) throw badRequest(`${where}: longer than ${MAX_TEMPLATE} characters`);
  try {
    Mustache.parse(value);
  } catch (error) {
    throw badRequest(`${where}: template syntax error: ${(error as Error).message}`);
  }
  return value;
}

export function renderTemplate(
  template: string,
  view: Record<string, unknown>,
  kind: Escape = 'text',
): string {
  return Mustache.render(template, view, undefined, { escape: ESCAPES[kind] });
}
