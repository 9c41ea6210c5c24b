/**
 * The built-in analyzers on known inputs: IP classes, IOC extraction (defanged), URL parsing, file
 * type and entropy, and cortexutils' TLP gate.
 */

import { defang, refang } from '@propolis/core';
import { describe, expect, it } from 'vitest';
import type { WorkerInput } from '../runner/worker-io.js';
import { outlookMsg } from '../test-support/outlook-msg.js';
import { runBuiltin } from './builtin.js';
import { entropy, fileInfoAnalyzer, fileType } from './file-info.js';
import { extractIocs } from './ioc-extract.js';
import { classifyIp, ipClassAnalyzer } from './ip-class.js';
import { mailParseAnalyzer } from './mail-parse.js';
import { urlParseAnalyzer } from './url-parse.js';

const input = (dataType: string, data: string, config: Record<string, unknown> = {}): WorkerInput => ({
  dataType,
  data,
  tlp: 2,
  pap: 2,
  message: '',
  parameters: {},
  config,
});
const signal = new AbortController().signal;

describe('built-in analyzers', () => {
  it('classifies IP addresses', async () => {
    expect(classifyIp('192.168.10.20')?.ranges.map((r) => r.cidr)).toEqual(['192.168.0.0/16']);
    expect(classifyIp('8.8.8.8')?.ranges).toEqual([]);
    expect(classifyIp('::1')?.ranges[0]?.label).toMatch(/loopback/);
    expect(classifyIp('fd00::1')?.ranges[0]?.label).toMatch(/unique local/);
    expect(classifyIp('not-an-ip')).toBeUndefined();
    const out = await ipClassAnalyzer({ input: input('ip', '100.64.1.1'), signal });
    expect(out).toMatchObject({
      success: true,
      summary: { taxonomies: [{ level: 'safe', namespace: 'IP', value: 'shared address space' }] },
    });
    expect((await ipClassAnalyzer({ input: input('ip', 'x'), signal })).success).toBe(false);
  });

  it('extracts IOCs, defanged or not, without file names as domains', () => {
    const text =
      'Go to hxxps://bad[.]example[.]com/login?u=1, mail admin[@]corp.example; run dropper.exe from 10.0.0.5 ' +
      'hash D41D8CD98F00B204E9800998ECF8427E and CVE-2021-44228 via update.evil.org.';
    expect(extractIocs(text)).toEqual({
      url: ['https://bad.example.com/login?u=1'],
      mail: ['admin@corp.example'],
      ip: ['10.0.0.5'],
      hash: ['d41d8cd98f00b204e9800998ecf8427e'],
      cve: ['CVE-2021-44228'],
      domain: ['update.evil.org'],
    });
    expect(refang('evil(.)com')).toBe('evil.com');
    expect(defang('http://evil.com')).toBe('hxxp://evil[.]com');
  });

  it('parses URLs: punycode, IP hosts and credentials are suspicious', async () => {
    const out = await urlParseAnalyzer({
      input: input('url', 'http://user:pw@xn--80ak6aa92e.com:8080/a?b=c'),
      signal,
    });
    if (!out.success) throw new Error(out.errorMessage);
    expect(out.full).toMatchObject({
      host: 'xn--80ak6aa92e.com',
      port: 8080,
      query: { b: 'c' },
      credentials: true,
    });
    expect((out.summary.taxonomies as Array<{ predicate: string }>).map((t) => t.predicate)).toEqual([
      'Host',
      'Punycode',
      'Credentials',
    ]);
    expect(out.artifacts).toEqual([{ dataType: 'domain', data: 'xn--80ak6aa92e.com' }]);
  });

  it('recognises file types and measures entropy', async () => {
    expect(fileType(Buffer.from('MZ\x90\x00')).type).toBe('PE executable');
    expect(fileType(Buffer.from('%PDF-1.7')).mime).toBe('application/pdf');
    expect(fileType(Buffer.from('hello')).type).toBe('text');
    expect(entropy(Buffer.alloc(1000))).toBe(0);
    const random = Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 2654435761) >>> 24));
    expect(entropy(random)).toBeGreaterThan(7.9);
    const out = await fileInfoAnalyzer({
      input: input('file', ''),
      file: {
        filename: 'a.exe',
        contentType: 'application/octet-stream',
        bytes: Buffer.from('MZ rest of the file'),
      },
      signal,
    });
    if (!out.success) throw new Error(out.errorMessage);
    expect(out.full).toMatchObject({
      size: 19,
      type: 'PE executable',
      md5: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(
      (out.summary.taxonomies as Array<{ predicate: string }>).some((t) => t.predicate === 'Executable'),
    ).toBe(true);
  });

  it('refuses observables above the configured TLP, as cortexutils does', async () => {
    const red = { ...input('ip', '1.1.1.1', { check_tlp: true, max_tlp: 2 }), tlp: 3 };
    expect(await runBuiltin(ipClassAnalyzer, { input: red, signal }, 1000)).toMatchObject({
      success: false,
      errorMessage: 'TLP is higher than allowed.',
    });
  });
});

describe('mail parsing', () => {
  const eml = [
    'Return-Path: <bounce@mailer.evil.example>',
    'Received: from mx.evil.example (mx.evil.example [203.0.113.9]) by mx.corp.example; Mon, 1 Dec 2025 10:00:00 +0000',
    'Received: from [192.168.1.20] by mx.evil.example; Mon, 1 Dec 2025 09:59:58 +0000',
    'Authentication-Results: mx.corp.example; spf=fail smtp.mailfrom=evil.example; dkim=none',
    'From: "Billing" <billing@bank.example>',
    'Reply-To: pay@evil.example',
    'To: victim@corp.example',
    'Subject: Invoice overdue',
    'Message-ID: <abc@evil.example>',
    'Date: Mon, 1 Dec 2025 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="XX"',
    '',
    '--XX',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>Pay now: <a href="https://pay.evil.example/login">here</a></p>',
    '--XX',
    'Content-Type: application/octet-stream; name="invoice.js"',
    'Content-Disposition: attachment; filename="invoice.js"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('WScript.Echo("hi")').toString('base64'),
    '--XX--',
    '',
  ].join('\r\n');

  it('reports headers, hops, authentication, links and attachments', async () => {
    const out = await mailParseAnalyzer({
      input: input('file', ''),
      file: { filename: 'm.eml', contentType: 'message/rfc822', bytes: Buffer.from(eml) },
      signal,
    });
    if (!out.success) throw new Error(out.errorMessage);
    expect(out.full).toMatchObject({
      subject: 'Invoice overdue',
      from: ['billing@bank.example'],
      replyTo: ['pay@evil.example'],
      hopIps: ['203.0.113.9', '192.168.1.20'],
      links: ['https://pay.evil.example/login'],
      attachments: [{ filename: 'invoice.js', size: 18 }],
    });
    const predicates = (out.summary.taxonomies as Array<{ predicate: string; level: string }>).map(
      (t) => `${t.predicate}:${t.level}`,
    );
    expect(predicates).toEqual(
      expect.arrayContaining(['Attachments:info', 'SenderMismatch:suspicious', 'SPF:suspicious']),
    );
    const file = out.artifacts.find((a) => a.dataType === 'file');
    expect(file?.file?.bytes.toString()).toBe('WScript.Echo("hi")');
    expect(out.artifacts.filter((a) => a.dataType === 'url').map((a) => a.data)).toEqual([
      'https://pay.evil.example/login',
    ]);
  });

  it('reads an Outlook MSG without transport headers from its fields, and refuses a broken one', async () => {
    const bytes = outlookMsg({
      subject: 'Draft',
      senderName: 'Bob',
      senderEmail: 'bob@corp.example',
      to: [
        { name: 'Carol', email: 'carol@corp.example' },
        { name: 'Dan', email: 'dan@partner.example' },
      ],
      body: 'see http://files.partner.example/a.zip',
    });
    const out = await mailParseAnalyzer({
      input: input('file', ''),
      file: { filename: 'draft.msg', contentType: 'application/vnd.ms-outlook', bytes },
      signal,
    });
    if (!out.success) throw new Error(out.errorMessage);
    expect(out.full).toMatchObject({
      format: 'msg',
      subject: 'Draft',
      from: ['bob@corp.example'],
      to: ['carol@corp.example', 'dan@partner.example'],
      received: [],
      links: ['http://files.partner.example/a.zip'],
      attachments: [],
    });
    const broken = Buffer.concat([bytes.subarray(0, 600), Buffer.alloc(100)]);
    const bad = await mailParseAnalyzer({
      input: input('file', ''),
      file: { filename: 'bad.msg', contentType: 'application/vnd.ms-outlook', bytes: broken },
      signal,
    });
    expect(bad).toMatchObject({ success: false, errorMessage: expect.stringMatching(/^Unreadable message/) });
  });
});
