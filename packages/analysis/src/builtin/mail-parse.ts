/**
 * Mail parsing (EML, RFC 5322) with mailparser: headers, sender and recipients, the Received chain
 * (hops and the IPs they name), authentication results (SPF, DKIM, DMARC), links, attachments.
 * Attachments become file artifacts; sender addresses, links and hop IPs other artifacts.
 * Suspicious: a Reply-To or Return-Path in another domain than From, a failed SPF/DKIM/DMARC.
 */
import { createHash } from 'node:crypto';
import type { AddressObject } from 'mailparser';
import { type BuiltinWorker, report, taxonomy } from './builtin.js';
import { extractIocs } from './ioc-extract.js';

/** Largest message parsed, in bytes. */
const MAX_MAIL = 50 * 1024 * 1024;
/** Text kept in the report. */
const MAX_TEXT = 64 * 1024;

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? '').filter(Boolean));

const domainOf = (address: string | undefined) => address?.slice(address.lastIndexOf('@') + 1).toLowerCase();

function headerText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  if (value && typeof value === 'object' && 'value' in value)
    return String((value as { value: unknown }).value);
  return JSON.stringify(value);
}

export const mailParseAnalyzer: BuiltinWorker = async ({ input, file }) => {
  if (!file)
    return { success: false, errorMessage: 'EmlParser runs on file observables (a .eml message)', input };
  if (file.bytes.length > MAX_MAIL)
    return { success: false, errorMessage: `The message is larger than ${MAX_MAIL} bytes`, input };
  // loaded on the first mail parsed, not at every start of the server
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(file.bytes, {
    skipImageLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
  });
  const from = addresses(mail.from);
  const replyTo = addresses(mail.replyTo);
  const returnPath = headerText(mail.headers.get('return-path') ?? '')
    .replace(/[<>]/g, '')
    .trim();
  const received = mail.headerLines
    .filter((h) => h.key === 'received')
    .map((h) => h.line.replace(/^Received:\s*/i, ''));
  const hopIps = [...new Set(received.flatMap((r) => extractIocs(r).ip ?? []))];
  const authentication = mail.headerLines
    .filter((h) => h.key === 'authentication-results')
    .map((h) => h.line.replace(/^Authentication-Results:\s*/i, ''));
  const failed = ['spf', 'dkim', 'dmarc'].filter((m) =>
    authentication.some((a) => new RegExp(`\\b${m}=(fail|softfail|permerror)`, 'i').test(a)),
  );
  const bodyText = mail.text ?? '';
  const html = typeof mail.html === 'string' ? mail.html : '';
  const hrefs = [...html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!);
  const links = [
    ...new Set([...hrefs.filter((h) => /^https?:\/\//i.test(h)), ...(extractIocs(bodyText).url ?? [])]),
  ];
  const attachments = mail.attachments.map((a) => ({
    filename: a.filename ?? 'attachment',
    contentType: a.contentType,
    size: a.size,
    sha256: createHash('sha256').update(a.content).digest('hex'),
  }));
  const full = {
    subject: mail.subject ?? '',
    messageId: mail.messageId ?? null,
    date: mail.date ? mail.date.getTime() : null,
    from,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    replyTo,
    returnPath: returnPath || null,
    received,
    hopIps,
    authentication,
    links,
    attachments,
    text: bodyText.slice(0, MAX_TEXT),
    headers: mail.headerLines.map((h) => h.line),
  };
  const fromDomain = domainOf(from[0]);
  const mismatch = [...replyTo, returnPath].filter((x) => x && fromDomain && domainOf(x) !== fromDomain);
  const taxonomies = [
    taxonomy('info', 'Mail', 'Attachments', attachments.length),
    taxonomy('info', 'Mail', 'Links', links.length),
    taxonomy('info', 'Mail', 'Hops', received.length),
  ];
  if (mismatch.length > 0)
    taxonomies.push(taxonomy('suspicious', 'Mail', 'SenderMismatch', mismatch.join(', ')));
  for (const m of failed) taxonomies.push(taxonomy('suspicious', 'Mail', m.toUpperCase(), 'fail'));
  const artifacts = [
    ...from.map((data) => ({ dataType: 'mail', data, tags: ['mail:from'] })),
    ...replyTo.map((data) => ({ dataType: 'mail', data, tags: ['mail:reply-to'] })),
    ...(mail.subject ? [{ dataType: 'mail-subject', data: mail.subject }] : []),
    ...links.map((data) => ({ dataType: 'url', data, tags: ['mail:link'] })),
    ...hopIps.map((data) => ({ dataType: 'ip', data, tags: ['mail:received'] })),
    ...mail.attachments.map((a) => ({
      dataType: 'file',
      file: { filename: a.filename ?? 'attachment', contentType: a.contentType, bytes: a.content },
      tags: ['mail:attachment'],
    })),
  ];
  return report(full, taxonomies, artifacts);
};
