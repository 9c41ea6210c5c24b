/**
 * Other real Cortex workers, unchanged, with the Debian modules they need (python3-validators,
 * python3-idna, python3-olefile; .ci/run installs them): ValidateObservable through Cortex4py's
 * calls, and MsgParser on an Outlook .msg (made by test-support/outlook-msg.ts, since no Outlook
 * runs here) beside the built-in Propolis_MsgParser on the same file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, type OrgFixture } from '../../../server/src/test-support/identity.js';
import { multipartBody } from '../../../server/src/test-support/multipart.js';
import { sampleMsg } from '../test-support/outlook-msg.js';
import { outlookSample, outlookSamplesPresent } from '../test-support/outlook-samples.js';
import { realWorkers, useAnalysisServer } from '../test-support/server.js';

const C = '/cortex/api';
const server = useAnalysisServer(realWorkers());
let soc: OrgFixture;

beforeAll(async () => {
  soc = await createOrganisation(server as never, 'soc');
});

describe('ValidateObservable (real worker)', () => {
  it('classifies a loopback IP and a punycode domain', async () => {
    const enabled = await soc.orgAdmin.post(`${C}/organization/analyzer/ValidateObservable_1_0`, {
      name: 'ValidateObservable_1_0',
    });
    expect(enabled.status).toBe(201);
    const run = async (dataType: string, data: string) => {
      const job = await soc.analyst.post(`${C}/analyzer/${enabled.body.id}/run`, { dataType, data });
      return (await soc.analyst.get(`${C}/job/${job.body.id}/waitreport?atMost=30seconds`)).body;
    };
    const ip = await run('ip', '127.0.0.1');
    expect(ip.status).toBe('Success');
    expect(ip.report.full).toMatchObject({ status: 'valid', note: 'Loopback IP address' });
    const idn = await run('domain', 'xn--80ak6aa92e.com');
    expect(idn.report.summary.taxonomies).toEqual([
      { level: 'suspicious', namespace: 'ValidateObs', predicate: 'domain', value: 'suspicious' },
    ]);
  });
});

const enabledIds = new Map<string, string>();
const runOnMsg = async (definition: string, data = sampleMsg(), filename = 'invoice.msg') => {
  if (!enabledIds.has(definition)) {
    const enabled = await soc.orgAdmin.post(`${C}/organization/analyzer/${definition}`, { name: definition });
    expect(enabled.status).toBe(201);
    enabledIds.set(definition, enabled.body.id);
  }
  const { body, contentType } = multipartBody([
    { name: '_json', value: JSON.stringify({ dataType: 'file', tlp: 2, pap: 2 }) },
    { name: 'data', filename, data, contentType: 'application/vnd.ms-outlook' },
  ]);
  const job = await soc.analyst.send('POST', `${C}/analyzer/${enabledIds.get(definition)}/run`, undefined, {
    raw: body,
    headers: { 'content-type': contentType },
  });
  expect(job.status).toBe(200);
  return (await soc.analyst.get(`${C}/job/${job.body.id}/waitreport?atMost=30seconds`)).body;
};

describe('MsgParser (real worker) and the built-in Propolis_MsgParser', () => {
  it('MsgParser reads the message with olefile, unchanged', async () => {
    const job = await runOnMsg('Msg_Parser_3_0');
    expect(job.status).toBe('Success');
    expect(job.report.full).toMatchObject({
      subject: 'Invoice 42 overdue',
      displayFrom: 'Billing',
      sender: 'billing@vendor.example',
      displayTo: 'Alice',
      attachments: [{ filename: 'invoice.pdf', mime: 'application/pdf', extension: '.pdf' }],
    });
    expect(job.report.summary.taxonomies).toEqual([
      { level: 'info', namespace: 'MsgParser', predicate: 'Attachments', value: 1 },
    ]);
  });

  it('the built-in reads the same file: headers, hops, links and the attachment as an artifact', async () => {
    const job = await runOnMsg('Propolis_MsgParser_1_0');
    expect(job.status).toBe('Success');
    expect(job.report.full).toMatchObject({
      format: 'msg',
      subject: 'Invoice 42 overdue',
      from: ['billing@vendor.example'],
      to: ['alice@corp.example'],
      replyTo: ['payme@elsewhere.example'],
      hopIps: ['203.0.113.9'],
      links: ['https://pay.vendor-example.net/invoice/42'],
      attachments: [{ filename: 'invoice.pdf', contentType: 'application/pdf', size: 11 }],
    });
    const levels = (job.report.summary.taxonomies as Array<{ predicate: string; level: string }>).map(
      (t) => `${t.predicate}:${t.level}`,
    );
    expect(levels).toEqual(expect.arrayContaining(['SenderMismatch:suspicious', 'SPF:suspicious']));
    const artifacts = await soc.analyst.get(`${C}/job/${job.id}/artifacts`);
    expect(artifacts.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          dataType: 'file',
          attachment: expect.objectContaining({ name: 'invoice.pdf', size: 11 }),
        }),
      ]),
    );
  });
});

// .msg files made by Outlook and Exchange (scripts/fetch-outlook-samples.sh), not by our writer
describe.skipIf(!outlookSamplesPresent)('MsgParser and Propolis_MsgParser on files made by Outlook', () => {
  it('MsgParser (real worker) reads an Outlook 2003 message with a JPEG attachment', async () => {
    const job = await runOnMsg('Msg_Parser_3_0', outlookSample('plain_jpeg_attached'), 'reported.msg');
    expect(job.status).toBe('Success');
    expect(job.report.full).toMatchObject({
      subject: 'test',
      displayFrom: 'Matijs van Zuijlen',
      // Outlook 2003 did not store the attachment's extension property
      attachments: [{ filename: 'test.jpg', mime: 'image/jpeg', extension: null }],
    });
  });

  it('the built-in reads its headers, hops and attachment, and an Exchange message in its code page', async () => {
    const jpeg = await runOnMsg(
      'Propolis_MsgParser_1_0',
      outlookSample('plain_jpeg_attached'),
      'reported.msg',
    );
    expect(jpeg.status).toBe('Success');
    expect(jpeg.report.full).toMatchObject({
      format: 'msg',
      subject: 'test',
      from: ['Matijs.van.Zuijlen@xs4all.nl'],
      hopIps: expect.arrayContaining(['194.109.24.34', '80.126.4.68']),
      attachments: [{ filename: 'test.jpg', contentType: 'image/jpeg', size: 7681 }],
    });
    const exchange = await runOnMsg('Propolis_MsgParser_1_0', outlookSample('charset'), 'exchange.msg');
    expect(exchange.report.full).toMatchObject({
      subject: 'PST Export - Embedded Email Test',
      from: ['joebloggs@example.org'],
    });
    // the body is 8-bit text in code page 1252: "…" is 0x85 there
    expect(exchange.report.full.text).toContain('This email contains an email\u2026 Email-ception!!!');
  });
});
