/// <reference path="../types/punycode.d.ts" />
/**
 * DNS names for the `domain`, `fqdn` and `hostname` observable types (and the domain part of
 * `mail`). Labels follow RFC 1123 (letters, digits, hyphens, not at either end, 1..63 octets,
 * 253 octets in all) measured on the ASCII (punycode) form; internationalised names are accepted
 * written in Unicode or in punycode, and punycode labels must decode. Underscores are allowed
 * where DNS allows them in practice (`_dmarc.example.com`, SRV names) unless `strict` is set.
 * One trailing root dot is accepted and dropped. A dotted name whose last label is all digits is
 * refused: that is an IP address, not a name.
 */
import punycode from 'punycode/punycode.js';
import { hasControlCharacter } from './text.js';

/**
 * The ASCII (punycode) form of an internationalised name by the WHATWG URL host parser (the one
 * node:url's domainToASCII uses, and browsers), or '' when it is not a valid name.
 */
function domainToASCII(name: string): string {
  if (/[/?#@:\\[\]%]/.test(name)) return '';
  try {
    return new URL(`http://${name}/`).hostname;
  } catch {
    return '';
  }
}

/**
 * Whether an `xn--` label is real punycode: it decodes (punycode.js, RFC 3492) to a name with a
 * non-ASCII character that encodes back to the same label. Checked here rather than left to the URL
 * parser, whose answer differs between Node.js versions (Node 24 accepts `xn--zz`).
 */
function punycodeLabelOk(label: string): boolean {
  const encoded = label.slice(4).toLowerCase();
  try {
    const decoded = punycode.decode(encoded);
    return [...decoded].some((c) => c.charCodeAt(0) > 0x7f) && punycode.encode(decoded) === encoded;
  } catch {
    return false;
  }
}

export interface DomainNameRules {
  /** Refuse underscores (RFC 1123 host names). */
  strict?: boolean;
  /** Require at least two labels. */
  qualified?: boolean;
}

/** Undefined when valid, else why not (a phrase that completes `"<name>" ...`). */
export function domainNameProblem(name: string, rules: DomainNameRules = {}): string | undefined {
  if (name === '') return 'is empty';
  if (/\s/u.test(name) || hasControlCharacter(name)) return 'contains white space or control characters';
  const ascii = /^[\x20-\x7e]*$/.test(name) && !/(^|\.)xn--/i.test(name) ? name : domainToASCII(name);
  if (ascii === '') return 'is not a valid internationalised domain name';
  if (ascii.length > 253) return `is ${ascii.length} characters long in ASCII form, more than 253`;
  const labels = ascii.split('.');
  if (labels.some((l) => /^xn--/i.test(l) && !punycodeLabelOk(l)))
    return 'is not a valid internationalised domain name';
  const label = rules.strict ? /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i : /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/i;
  for (const l of labels) {
    if (l === '') return 'has an empty label';
    if (l.length > 63) return `has a label of ${l.length} characters, more than 63`;
    if (!label.test(l)) return `has an invalid label "${l}"`;
  }
  if (labels.length > 1 && /^\d+$/.test(labels.at(-1) ?? '')) return 'looks like an IP address';
  if (rules.qualified && labels.length < 2) return 'is not fully qualified (it needs at least two labels)';
  return undefined;
}

/** Drops one trailing root dot (`example.com.` → `example.com`). */
export const withoutRootDot = (name: string): string =>
  name.endsWith('.') && !name.endsWith('..') ? name.slice(0, -1) : name;
