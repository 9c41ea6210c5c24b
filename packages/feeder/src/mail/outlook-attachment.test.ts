/**
 * A reported phishing mail forwarded as an Outlook attachment (.msg, an OLE2 file written per
 * MS-OXMSG by the analysis package's test support, since no Outlook runs here): the mail feeder
 * keeps the .msg as a file and opens it as it opens an attached .eml. A file named .msg that is not
 * an OLE2 file stays a plain attachment.
 */
import { describe, expect, it } from 'vitest';
import { sampleMsg } from '../../../analysis/src/test-support/outlook-msg.js';
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
