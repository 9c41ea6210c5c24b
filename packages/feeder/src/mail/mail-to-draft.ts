/**
 * A MIME mail → one alert. The title is the subject, the description carries the From/To/Date
 * headers and the text body (made from the HTML part when there is no text part); attachments
 * become `file` observables; an attached mail (`message/rfc822`, a forwarded .eml, or an Outlook
 * .msg) is kept as a file and opened too: its sender, subject, attachments and body indicators are
 * added. URLs,
 * domains, IPs, mail addresses and hashes in the bodies (defanged or not) become observables.
 * sourceRef is the Message-ID (a hash of the raw mail when it has none).
 */
import { createHash } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import {
  type AlertDraft,
  type CaseLogDraft,
  dedupObservables,
  type FileDraft,
  type ObservableDraft,
} from '../alert-draft.js';
import { extractObservables } from '../extract/observables.js';
import type { AlertDefaults } from '../feeder-definition.js';
import { isOutlookMessage, outlookMessageAsMail } from './outlook-attachment.js';

export class MailError extends Error {}

const MAX_BODY = 60_000;
/** Attached mails opened inside attached mails, at most. */
const MAX_DEPTH = 3;

function addressList(v: ParsedMail['to']): string | undefined {
  if (!v) return undefined;
  return [v]
    .flat()
    .map((a) => a.text)
    .join(', ');
}

function addressesOf(v: ParsedMail['from'] | ParsedMail['to']): string[] {
  if (!v) return [];
  return [v]
    .flat()
    .flatMap((a) => a.value)
    .map((a) => a.address)
    .filter((a): a is string => !!a);
}

const fenced = (text: string) => `\`\`\`\n${text.replace(/```/g, "'''")}\n\`\`\``;

/** Gathers the observables of a mail (and of the mails attached to it); returns its text body. */
async function collect(
  mail: ParsedMail,
  depth: number,
  out: ObservableDraft[],
  label: string,
  sections: string[],
): Promise<string> {
  const body = (mail.text ?? '').trim();
  for (const address of addressesOf(mail.from)) {
    out.push({ dataType: 'mail', data: address, tags: [`${label}from`] });
    const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
    if (domain.includes('.')) out.push({ dataType: 'domain', data: domain, tags: [`${label}from`] });
  }
  if (mail.subject)
    out.push({ dataType: 'mail-subject', data: mail.subject, tags: label ? [label.slice(0, -1)] : [] });
  out.push(...extractObservables(body, label ? { tags: [label.slice(0, -1)] } : {}));
  if (mail.html) {
    // Links hidden behind their text appear only in the HTML.
    for (const href of mail.html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)) {
      if (/^(https?|ftp):/i.test(href[1]!))
        out.push({ dataType: 'url', data: href[1]!, tags: label ? [label.slice(0, -1)] : [] });
    }
  }
  for (const [i, attachment] of mail.attachments.entries()) {
    if (attachment.related) continue; // inline images of the HTML body
    const isMail = attachment.contentType === 'message/rfc822';
    const name =
      attachment.filename ?? (isMail ? `${mail.subject ?? 'attached mail'}.eml` : `attachment-${i + 1}`);
    out.push({
      dataType: 'file',
      file: {
        name,
        contentType: attachment.contentType || 'application/octet-stream',
        content: attachment.content,
      },
      message: `Attachment of the mail "${mail.subject ?? ''}"${mail.from ? ` from ${mail.from.text}` : ''}`,
      tags: label ? [label.slice(0, -1)] : [],
    });
    const isOutlook = !isMail && isOutlookMessage(attachment);
    if ((isMail || isOutlook) && depth < MAX_DEPTH) {
      const inner = isMail
        ? await parseMail(attachment.content)
        : await outlookMessageAsMail(attachment.content);
      if (inner && inner.headers.size > 0) {
        const innerBody = await collect(inner, depth + 1, out, 'forwarded:', sections);
        sections.push(
          `**Attached mail: ${inner.subject ?? '(no subject)'}** from ${inner.from?.text ?? 'an unknown sender'}\n\n${fenced(innerBody.slice(0, MAX_BODY / 2))}`,
        );
      }
    }
  }
  return body;
}

/** mailparser, loaded on the first mail rather than at every start of the server. */
async function parseMail(raw: Buffer): Promise<ParsedMail> {
  const { simpleParser } = await import('mailparser');
  return simpleParser(raw);
}

async function readMail(raw: Buffer): Promise<ParsedMail> {
  let mail: ParsedMail;
  try {
    mail = await parseMail(raw);
  } catch (error) {
    throw new MailError(`not a readable MIME message: ${(error as Error).message}`);
  }
  if (mail.headers.size === 0) throw new MailError('not a MIME message: it has no header');
  return mail;
}

export async function mailToDraft(
  raw: Buffer,
  defaults: AlertDefaults,
  fallbackSource: string,
): Promise<AlertDraft> {
  return draftOf(await readMail(raw), raw, defaults, fallbackSource);
}

/** Mails read from a mailbox (`ref` names each in failures) → alerts, case logs and failures. */
export async function mailsToBatch(
  mails: Array<{ ref: string; raw: Buffer | undefined }>,
  defaults: AlertDefaults,
  fallbackSource: string,
  replies: { task: string } | undefined,
): Promise<{ drafts: AlertDraft[]; logs: CaseLogDraft[]; failures: Array<{ ref: string; reason: string }> }> {
  const out = {
    drafts: [] as AlertDraft[],
    logs: [] as CaseLogDraft[],
    failures: [] as Array<{ ref: string; reason: string }>,
  };
  for (const { ref, raw } of mails) {
    try {
      if (!raw) throw new MailError('the server sent no content');
      const item = await mailToItem(raw, defaults, fallbackSource, replies);
      if ('log' in item) out.logs.push(item.log);
      else out.drafts.push(item.alert);
    } catch (error) {
      out.failures.push({ ref, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return out;
}

/** `Case #12`, `[case #12]`, `Re: … (Case #12)`: the number of the case a mail is about. */
export function caseNumberOf(subject: string | undefined): number | undefined {
  const m = subject === undefined ? null : /\bcase\s*#\s*(\d{1,9})\b/i.exec(subject);
  return m ? Number(m[1]) : undefined;
}

/**
 * A mail as a log of the case its subject names (with `replies` set and such a subject), else as
 * an alert. The log carries the sender, date and subject, the text body and the attachments.
 */
export async function mailToItem(
  raw: Buffer,
  defaults: AlertDefaults,
  fallbackSource: string,
  replies: { task: string } | undefined,
): Promise<{ alert: AlertDraft } | { log: CaseLogDraft }> {
  const mail = await readMail(raw);
  const alert = await draftOf(mail, raw, defaults, fallbackSource);
  const caseNumber = replies ? caseNumberOf(mail.subject) : undefined;
  if (!replies || caseNumber === undefined) return { alert };
  const attachments: FileDraft[] = mail.attachments
    .filter((a) => !a.related)
    .map((a, i) => ({
      name: a.filename ?? (a.contentType === 'message/rfc822' ? 'attached mail.eml' : `attachment-${i + 1}`),
      contentType: a.contentType || 'application/octet-stream',
      content: a.content,
    }));
  const body = (mail.text ?? '').trim();
  const message = [
    `**Mail from ${mail.from?.text ?? '?'}**${mail.date ? ` on ${mail.date.toISOString()}` : ''}`,
    `**Subject:** ${mail.subject ?? ''}  \n**Message-ID:** ${alert.sourceRef}`,
    fenced(body.length > MAX_BODY ? `${body.slice(0, MAX_BODY)}\n[…]` : body),
  ].join('\n\n');
  return {
    log: { caseNumber, task: replies.task, ref: alert.sourceRef, message, attachments, orAlert: alert },
  };
}

async function draftOf(
  mail: ParsedMail,
  raw: Buffer,
  defaults: AlertDefaults,
  fallbackSource: string,
): Promise<AlertDraft> {
  const observables: ObservableDraft[] = [];
  const sections: string[] = [];
  const body = await collect(mail, 0, observables, '', sections);
  const headerLines = [
    ['From', mail.from?.text],
    ['To', addressList(mail.to)],
    ['Cc', addressList(mail.cc)],
    ['Date', mail.date?.toISOString()],
    ['Subject', mail.subject],
    ['Message-ID', mail.messageId],
  ]
    .filter(([, v]) => v)
    .map(([k, v]) => `**${k}:** ${v}`)
    .join('  \n');
  const text = body.length > MAX_BODY ? `${body.slice(0, MAX_BODY)}\n[…]` : body;
  const sourceRef = (mail.messageId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`).slice(
    0,
    255,
  );
  return {
    type: defaults.type ?? 'mail',
    source: defaults.source ?? fallbackSource,
    sourceRef,
    title: (mail.subject?.trim() || '(no subject)').slice(0, 512),
    description: [headerLines, fenced(text), ...sections].join('\n\n'),
    severity: defaults.severity,
    tlp: defaults.tlp,
    pap: defaults.pap,
    tags: [...new Set([...(defaults.tags ?? []), 'mail'])],
    date: mail.date && Number.isFinite(mail.date.getTime()) ? mail.date.getTime() : undefined,
    caseTemplate: defaults.caseTemplate,
    observables: dedupObservables(observables),
  };
}
