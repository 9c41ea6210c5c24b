/**
 * Mail parsing, EML (RFC 5322, with mailparser) and Outlook MSG (an OLE compound file, with
 * @kenjiuno/msgreader, through @propolis/feeder's readOutlookMessage; its transport headers, when Outlook kept them, are read as an EML's): headers,
 * sender and recipients, the Received chain
 * (hops and the IPs they name), authentication results (SPF, DKIM, DMARC), links, attachments.
 * Attachments become file artifacts; sender addresses, links and hop IPs other artifacts.
 * Suspicious: a Reply-To or Return-Path in another domain than From, a failed SPF/DKIM/DMARC.
 */
import { createHash } from 'node:crypto';
import { readOutlookMessage } from '@propolis/feeder';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { InputFile } from '../runner/worker-io.js';
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

/** What the analysis reads of a message, whatever its format. */
export interface MailFacts {
  format: 'eml' | 'msg';
  subject: string;
  messageId: string | null;
  date: number | null;
  from: string[];
  to: string[];
  cc: string[];
  replyTo: string[];
  returnPath: string;
  headerLines: ReadonlyArray<{ key: string; line: string }>;
  text: string;
  html: string;
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
}

const simpleOptions = { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true } as const;

async function parseEml(bytes: Buffer): Promise<ParsedMail> {
  // loaded on the first mail parsed, not at every start of the server
  const { simpleParser } = await import('mailparser');
  return simpleParser(bytes, simpleOptions);
}

function emlFacts(mail: ParsedMail, format: MailFacts['format']): MailFacts {
  return {
    format,
    subject: mail.subject ?? '',
    messageId: mail.messageId ?? null,
    date: mail.date ? mail.date.getTime() : null,
    from: addresses(mail.from),
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    replyTo: addresses(mail.replyTo),
    returnPath: headerText(mail.headers.get('return-path') ?? '')
      .replace(/[<>]/g, '')
      .trim(),
    headerLines: mail.headerLines,
    text: mail.text ?? '',
    html: typeof mail.html === 'string' ? mail.html : '',
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? 'attachment',
      contentType: a.contentType,
      content: a.content,
    })),
  };
}

/** The first bytes of an OLE2 compound file, which an Outlook .msg is. */
export const isOleFile = (bytes: Buffer) =>
  bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from('d0cf11e0a1b11ae1', 'hex'));

/** Reads an Outlook MSG: its fields, its transport headers if kept, its attachments. */
export async function msgFacts(bytes: Buffer): Promise<MailFacts> {
  const { fields: data, attachments: parts } = await readOutlookMessage(bytes);
  const headers = data.headers?.trim()
    ? emlFacts(await parseEml(Buffer.from(`${data.headers.trim()}\r\n\r\n`)), 'msg')
    : undefined;
  const recipients = (type: 'to' | 'cc') =>
    (data.recipients ?? [])
      .filter((r) => (r.recipType ?? 'to') === type)
      .map((r) => r.smtpAddress ?? r.email ?? '')
      .filter(Boolean);
  const sender = data.senderSmtpAddress ?? data.senderEmail;
  const attachments = parts.map((a) => ({ ...a, filename: a.filename || 'attachment' }));
  return {
    format: 'msg',
    subject: data.subject ?? headers?.subject ?? '',
    messageId: headers?.messageId ?? null,
    date: headers?.date ?? null,
    from: headers?.from.length ? headers.from : sender ? [sender] : [],
    to: headers?.to.length ? headers.to : recipients('to'),
    cc: headers?.cc.length ? headers.cc : recipients('cc'),
    replyTo: headers?.replyTo ?? [],
    returnPath: headers?.returnPath ?? '',
    headerLines: headers?.headerLines ?? [],
    text: data.body ?? '',
    html: data.bodyHtml ?? '',
    attachments,
  };
}

export async function mailFacts(file: InputFile): Promise<MailFacts> {
  return isOleFile(file.bytes) ? msgFacts(file.bytes) : emlFacts(await parseEml(file.bytes), 'eml');
}

export const mailParseAnalyzer: BuiltinWorker = async ({ input, file }) => {
  if (!file)
    return { success: false, errorMessage: 'Mail parsing runs on file observables (.eml or .msg)', input };
  if (file.bytes.length > MAX_MAIL)
    return { success: false, errorMessage: `The message is larger than ${MAX_MAIL} bytes`, input };
  let mail: MailFacts;
  try {
    mail = await mailFacts(file);
  } catch (error) {
    return { success: false, errorMessage: `Unreadable message: ${(error as Error).message}`, input };
  }
  const { from, replyTo, returnPath } = mail;
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
  const bodyText = mail.text;
  const hrefs = [...mail.html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!);
  const links = [
    ...new Set([...hrefs.filter((h) => /^https?:\/\//i.test(h)), ...(extractIocs(bodyText).url ?? [])]),
  ];
  const attachments = mail.attachments.map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    size: a.content.length,
    sha256: createHash('sha256').update(a.content).digest('hex'),
  }));
  const full = {
    format: mail.format,
    subject: mail.subject,
    messageId: mail.messageId,
    date: mail.date,
    from,
    to: mail.to,
    cc: mail.cc,
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
      file: { filename: a.filename, contentType: a.contentType, bytes: a.content },
      tags: ['mail:attachment'],
    })),
  ];
  return report(full, taxonomies, artifacts);
};
