/**
 * A reported phishing mail forwarded as an Outlook attachment (.msg, an OLE2 file written per
 * MS-OXMSG by the analysis package's test support, since no Outlook runs here): the mail feeder
 * keeps the .msg as a file and opens it as it opens an attached .eml. A file named .msg that is not
 * an OLE2 file stays a plain attachment.
 */
import { describe, expect, it } from 'vitest';
import { sampleMsg } from '../../../analysis/src/test-support/outlook-msg.js';
import { outlookSample, outlookSamplesPresent } from '../../../analysis/src/test-support/outlook-samples.js';
import { mailToDraft } from './mail-to-draft.js';

function mailWith(filename: string, content: Buffer): Buffer {
  return Buffer.from(
    [
      'From: Alice <alice@corp.example>',
      'To: soc@corp.example',
      'Subject: Fwd: suspicious invoice',
      'Message-ID: <report-1@corp.example>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please look at the attached mail.',
      '--B',
      `Content-Type: application/vnd.ms-outlook; name="${filename}"`,
      `Content-Disposition: attachment; filename="${filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      content.toString('base64').replace(/.{76}/g, '$&\r\n'),
      '--B--',
      '',
    ].join('\r\n'),
  );
}

describe('mail feeder: Outlook .msg attachments', () => {
  it('keeps the .msg as a file and adds what it holds', async () => {
    const draft = await mailToDraft(mailWith('invoice.msg', sampleMsg()), { source: 'mailbox' }, 'mail');
    const seen = draft.observables.map(
      (o) => `${o.dataType}:${o.dataType === 'file' ? o.file?.name : o.data}`,
    );
    expect(seen).toEqual(
      expect.arrayContaining([
        'file:invoice.msg',
        'mail:billing@vendor.example',
        'domain:vendor.example',
        'mail-subject:Invoice 42 overdue',
        'url:https://pay.vendor-example.net/invoice/42',
        'file:invoice.pdf',
      ]),
    );
    const forwarded = draft.observables.find(
      (o) => o.dataType === 'mail' && o.data === 'billing@vendor.example',
    );
    expect(forwarded?.tags).toEqual(['forwarded:from']);
    expect(draft.description).toContain(
      '**Attached mail: Invoice 42 overdue** from "Billing" <billing@vendor.example>',
    );
  });

  it('leaves a .msg that is not an Outlook file as a plain attachment', async () => {
    const draft = await mailToDraft(
      mailWith('notes.msg', Buffer.from('just text')),
      { source: 'mailbox' },
      'mail',
    );
    expect(draft.observables.filter((o) => o.dataType === 'file').map((o) => o.file?.name)).toEqual([
      'notes.msg',
    ]);
    expect(draft.description).not.toContain('Attached mail');
  });
});

// Files made by Outlook and Exchange (scripts/fetch-outlook-samples.sh), not by our writer
describe.skipIf(!outlookSamplesPresent)('mail feeder: .msg files made by Outlook', () => {
  const open = async (name: string) => {
    const draft = await mailToDraft(
      mailWith(`${name}.msg`, outlookSample(name)),
      { source: 'mailbox' },
      'mail',
    );
    const forwarded = draft.observables
      .filter((o) => o.tags?.some((t) => t.startsWith('forwarded')))
      .map((o) => `${o.dataType}:${o.dataType === 'file' ? o.file?.name : o.data}`);
    return { draft, forwarded };
  };

  it('opens a message with transport headers and a JPEG attachment (Outlook 2003)', async () => {
    const { draft, forwarded } = await open('plain_jpeg_attached');
    expect(forwarded).toEqual([
      'mail:Matijs.van.Zuijlen@xs4all.nl',
      'domain:xs4all.nl',
      'mail-subject:test',
      'file:test.jpg',
    ]);
    const jpeg = draft.observables.find((o) => o.file?.name === 'test.jpg')?.file;
    // the JPEG's bytes, whole: its start-of-image and end-of-image markers
    expect(
      Buffer.from(jpeg?.content ?? [])
        .subarray(0, 2)
        .toString('hex'),
    ).toBe('ffd8');
    expect(
      Buffer.from(jpeg?.content ?? [])
        .subarray(-2)
        .toString('hex'),
    ).toBe('ffd9');
    expect(draft.observables.find((o) => o.file?.name === 'plain_jpeg_attached.msg')).toBeDefined();
    expect(draft.description).toContain('**Attached mail: test** from "Matijs van Zuijlen"');
  });

  it('takes the sender of an Exchange message from its headers, not its X.500 address', async () => {
    const { draft, forwarded } = await open('charset');
    expect(forwarded).toEqual([
      'mail:joebloggs@example.org',
      'domain:example.org',
      'mail-subject:PST Export - Embedded Email Test',
    ]);
    expect(draft.description).toContain('This email contains an email\u2026 Email-ception!!!');
    expect(JSON.stringify(draft.observables)).not.toContain('EXCHANGELABS');
  });

  it('opens a signed message: its links, and its unnamed signed part as a file', async () => {
    const { forwarded } = await open('gpg_signed');
    expect(forwarded).toEqual(
      expect.arrayContaining([
        'mail-subject:Test for MSGConvert',
        'url:http://www.matijs.net/',
        'file:attachment-1',
      ]),
    );
  });

  it('opens an unsent message without headers or sender', async () => {
    const { draft, forwarded } = await open('plain_unsent');
    expect(forwarded).toEqual(['mail-subject:Test for MSGConvert -- plain text']);
    expect(draft.description).toContain(
      '**Attached mail: Test for MSGConvert -- plain text** from an unknown sender',
    );
  });
});
