/**
 * Writes an Outlook message file (.msg) for tests: an OLE2 compound file (written by `cfb`) laid out
 * as [MS-OXMSG] describes: the message's properties as `__substg1.0_<tag><type>` streams and a
 * `__properties_version1.0` stream, one storage per recipient and per attachment, and the
 * named-property storage. It is made here, not by Outlook: what it holds is what [MS-OXMSG] and
 * [MS-OXPROPS] define for a plain mail (class IPM.Note, Unicode strings, a by-value attachment).
 */
import CFB from 'cfb';

export interface MsgSpec {
  subject: string;
  senderName: string;
  senderEmail: string;
  to: Array<{ name: string; email: string }>;
  body: string;
  /** RFC 5322 headers as Outlook keeps them for a received mail (PidTagTransportMessageHeaders). */
  headers?: string;
  attachments?: Array<{ filename: string; mime: string; content: Buffer }>;
}

const PT_LONG = 0x0003;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;

type Prop = { id: number; type: number; value: string | Buffer | number };

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');
const utf16 = (s: string) => Buffer.from(s, 'utf16le');

/** Adds the variable-length properties as streams and writes the fixed-length property stream. */
function addProps(cfb: CFB.CFB$Container, dir: string, props: Prop[], header: Buffer): void {
  const entries: Buffer[] = [header];
  for (const p of props) {
    const tag = ((p.id << 16) | p.type) >>> 0;
    const entry = Buffer.alloc(16);
    entry.writeUInt32LE(tag, 0);
    entry.writeUInt32LE(0x00000006, 4); // readable and writable
    if (p.type === PT_LONG) entry.writeInt32LE(p.value as number, 8);
    else {
      const bytes = p.type === PT_UNICODE ? utf16(p.value as string) : (p.value as Buffer);
      CFB.utils.cfb_add(cfb, `${dir}__substg1.0_${hex(p.id, 4)}${hex(p.type, 4)}`, bytes);
      entry.writeUInt32LE(bytes.length + (p.type === PT_UNICODE ? 2 : 0), 8);
    }
    entries.push(entry);
  }
  CFB.utils.cfb_add(cfb, `${dir}__properties_version1.0`, Buffer.concat(entries));
}

export function outlookMsg(spec: MsgSpec): Buffer {
  const cfb = CFB.utils.cfb_new();
  const attachments = spec.attachments ?? [];
  const top = Buffer.alloc(32);
  top.writeUInt32LE(spec.to.length, 8); // next recipient id
  top.writeUInt32LE(attachments.length, 12); // next attachment id
  top.writeUInt32LE(spec.to.length, 16); // recipient count
  top.writeUInt32LE(attachments.length, 20); // attachment count
  const display = spec.to.map((r) => r.name).join('; ');
  addProps(
    cfb,
    '/',
    [
      { id: 0x001a, type: PT_UNICODE, value: 'IPM.Note' },
      { id: 0x0037, type: PT_UNICODE, value: spec.subject },
      { id: 0x0070, type: PT_UNICODE, value: spec.subject },
      { id: 0x0042, type: PT_UNICODE, value: spec.senderName },
      { id: 0x0065, type: PT_UNICODE, value: spec.senderEmail },
      { id: 0x0c1a, type: PT_UNICODE, value: spec.senderName },
      { id: 0x0c1f, type: PT_UNICODE, value: spec.senderEmail },
      { id: 0x0c1e, type: PT_UNICODE, value: 'SMTP' },
      { id: 0x5d01, type: PT_UNICODE, value: spec.senderEmail },
      { id: 0x0e04, type: PT_UNICODE, value: display },
      { id: 0x1000, type: PT_UNICODE, value: spec.body },
      ...(spec.headers ? [{ id: 0x007d, type: PT_UNICODE, value: spec.headers }] : []),
    ],
    top,
  );
  spec.to.forEach((r, i) => {
    addProps(
      cfb,
      `/__recip_version1.0_#${hex(i, 8)}/`,
      [
        { id: 0x0c15, type: PT_LONG, value: 1 }, // MAPI_TO
        { id: 0x3001, type: PT_UNICODE, value: r.name },
        { id: 0x3002, type: PT_UNICODE, value: 'SMTP' },
        { id: 0x3003, type: PT_UNICODE, value: r.email },
        { id: 0x39fe, type: PT_UNICODE, value: r.email },
      ],
      Buffer.alloc(8),
    );
  });
  attachments.forEach((a, i) => {
    const dot = a.filename.lastIndexOf('.');
    addProps(
      cfb,
      `/__attach_version1.0_#${hex(i, 8)}/`,
      [
        { id: 0x3705, type: PT_LONG, value: 1 }, // ATTACH_BY_VALUE
        { id: 0x3707, type: PT_UNICODE, value: a.filename },
        { id: 0x3704, type: PT_UNICODE, value: a.filename.slice(0, 12) },
        { id: 0x3703, type: PT_UNICODE, value: dot >= 0 ? a.filename.slice(dot) : '' },
        { id: 0x370e, type: PT_UNICODE, value: a.mime },
        { id: 0x3701, type: PT_BINARY, value: a.content },
      ],
      Buffer.alloc(8),
    );
  });
  // the named-property mapping: present and empty (no named property used)
  for (const stream of ['00020102', '00030102', '00040102'])
    CFB.utils.cfb_add(cfb, `/__nameid_version1.0/__substg1.0_${stream}`, Buffer.alloc(0));
  // cfb_new seeds a placeholder stream that is no part of a message
  CFB.utils.cfb_del(cfb, '/\u0001Sh33tJ5');
  return Buffer.from(CFB.write(cfb, { type: 'buffer', fileType: 'cfb' }) as Uint8Array);
}

/** A phishing-like received mail with transport headers, a link and a PDF attachment. */
export const sampleMsg = (): Buffer =>
  outlookMsg({
    subject: 'Invoice 42 overdue',
    senderName: 'Billing',
    senderEmail: 'billing@vendor.example',
    to: [{ name: 'Alice', email: 'alice@corp.example' }],
    body: 'Please pay at https://pay.vendor-example.net/invoice/42 today.',
    headers: [
      'Received: from mx.vendor.example (mx.vendor.example [203.0.113.9]) by mx.corp.example; Tue, 1 Dec 2026 10:00:00 +0000',
      'Authentication-Results: mx.corp.example; spf=fail smtp.mailfrom=vendor.example',
      'From: Billing <billing@vendor.example>',
      'Reply-To: payme@elsewhere.example',
      'To: Alice <alice@corp.example>',
      'Subject: Invoice 42 overdue',
      'Message-ID: <42@vendor.example>',
      'Date: Tue, 1 Dec 2026 10:00:00 +0000',
    ].join('\r\n'),
    attachments: [{ filename: 'invoice.pdf', mime: 'application/pdf', content: Buffer.from('%PDF-1.4 42') }],
  });
