/**
 * Turns the indicators found in free text (a mail body, a log line) into observable drafts: URLs,
 * their hosts and the mail domains as domains, IPv4 and IPv6 addresses, mail addresses and hashes.
 * The extraction itself is core's, shared with the built-in analyzers.
 */
import { extractIndicators } from '@propolis/core';
import type { ObservableDraft } from '../alert-draft.js';

export interface ExtractOptions {
  /** Tags given to every extracted observable. */
  tags?: string[];
  message?: string;
}

export function extractObservables(text: string, options: ExtractOptions = {}): ObservableDraft[] {
  return extractIndicators(text, { hostsAsDomains: true })
    .filter((i) => i.kind !== 'cve')
    .map((i) => ({ dataType: i.kind, data: i.value, tags: options.tags, message: options.message }));
}
