/**
 * An Outlook message attached to a mail (a `.msg` file, OLE2): read with @kenjiuno/msgreader and
 * shown to the mail feeder as the parts of a parsed mail it uses (sender, subject, bodies,
 * attachments), so that it is opened like an attached `.eml`. Its transport headers, when Outlook
 * kept them, give the sender, subject and date; else its own fields do.
 */
import type { AddressObject, ParsedMail } from 'mailparser';
import { readOutlookMessage } from './outlook-message.js';

const OLE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');

/** An attachment that is an Outlook message: by its name or type, and its OLE2 signature. */
export function isOutlookMessage(attachment: {
  filename?: string;
  contentType: string;
  content: Buffer;
}): boolean {
  const named =
    /\.msg$/i.test(attachment.filename ?? '') || attachment.contentType === 'application/vnd.ms-outlook';
  return named && attachment.content.subarray(0, 8).equals(OLE_MAGIC);
}

const addressObject = (name: string | undefined, address: string | undefined): AddressObject | undefined =>
  address || name
    ? {
        value: [{ name: name ?? '', address: address ?? '' }],
        text: name && address ? `${name} <${address}>` : (address ?? name ?? ''),
        html: '',
      }
    : undefined;

/** The message as a ParsedMail (the fields the feeder reads); undefined if it cannot be read. */
export async function outlookMessageAsMail(content: Buffer): Promise<ParsedMail | undefined> {
  const message = await readOutlookMessage(content).catch(() => undefined);
  if (!message) return undefined;
  const { fields: data, attachments } = message;
  let headers: ParsedMail | undefined;
  if (data.headers?.trim()) {
    const { simpleParser } = await import('mailparser');
    headers = await simpleParser(Buffer.from(`${data.headers.trim()}\r\n\r\n`)).catch(() => undefined);
  }
  const headerMap = new Map<string, unknown>([['subject', data.subject ?? '']]);
  return {
    headers: headerMap,
    headerLines: [],
    subject: data.subject ?? headers?.subject,
    from: headers?.from ?? addressObject(data.senderName, data.senderSmtpAddress ?? data.senderEmail),
    to: headers?.to,
    date: headers?.date,
    messageId: headers?.messageId,
    text: data.body ?? '',
    html: data.bodyHtml ?? false,
    attachments: attachments.map((a) => ({ ...a, filename: a.filename || undefined, related: false })),
  } as unknown as ParsedMail;
}
