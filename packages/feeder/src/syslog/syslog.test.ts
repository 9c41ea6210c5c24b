import { describe, expect, it } from 'vitest';
import { defaultDraft, severityOf } from './syslog-mapping.js';
import { parseSyslog } from './syslog-message.js';
import { TcpFramer } from './tcp-framing.js';

describe('parseSyslog', () => {
  it('reads RFC 5424 with structured data', () => {
    const m = parseSyslog(
      '<34>1 2026-12-05T10:14:15.003Z fw01.example.org sshd 4242 AUTHFAIL [origin@32473 ip="203.0.113.5"] Failed password for root',
      '10.0.0.2',
    );
    expect(m).toMatchObject({
      format: 'RFC5424',
      facility: 'auth',
      severity: 2,
      date: Date.parse('2026-12-05T10:14:15.003Z'),
      host: 'fw01.example.org',
      appName: 'sshd',
      procId: '4242',
      msgId: 'AUTHFAIL',
      structuredData: { 'origin@32473': { ip: '203.0.113.5' } },
      message: 'Failed password for root',
      sender: '10.0.0.2',
    });
  });

  it('reads RFC 3164 and CEF, and keeps the sender as host when the message names none', () => {
    const bsd = parseSyslog('<13>Dec  5 10:32:18 web02 nginx[77]: GET /admin from 198.51.100.4', '10.0.0.3');
    expect(bsd).toMatchObject({
      format: 'RFC3164',
      severity: 5,
      host: 'web02',
      appName: 'nginx',
      procId: '77',
    });
    const cef = parseSyslog(
      'CEF:0|Acme|IPS|2.1|100|Worm blocked|9|src=10.1.1.1 dst=203.0.113.9',
      '10.0.0.4',
      1000,
    );
    expect(cef).toMatchObject({ format: 'CEF', host: '10.0.0.4', date: 1000, fields: { src: '10.1.1.1' } });
    expect(cef.cef?.name).toBe('Worm blocked');
  });
});

describe('default syslog mapping', () => {
  it('titles, rates and extracts; the same message gives the same sourceRef', () => {
    const m = parseSyslog(
      '<33>1 2026-12-05T10:00:00Z fw01 sshd - - - Login from hxxp://evil[.]test/x by 203.0.113.5',
      'x',
    );
    const draft = defaultDraft(m, { tags: ['site:lab'] }, 'syslog-lab');
    expect(draft).toMatchObject({
      type: 'syslog',
      source: 'syslog-lab',
      severity: 4,
      title: 'sshd on fw01: Login from hxxp://evil[.]test/x by 203.0.113.5',
    });
    expect(draft.tags).toEqual(['site:lab', 'syslog:auth', 'syslog:alert', 'sshd']);
    expect(draft.observables.map((o) => `${o.dataType}:${o.data}`)).toEqual(
      expect.arrayContaining(['hostname:fw01', 'url:http://evil.test/x', 'ip:203.0.113.5']),
    );
    expect(defaultDraft(m, {}, 'other').sourceRef).toBe(draft.sourceRef);
    expect([0, 1, 2, 3, 4, 5, 7].map(severityOf)).toEqual([4, 4, 3, 3, 2, 1, 1]);
  });
});

describe('TCP framing', () => {
  it('reads octet-counted and line-ended frames split anywhere, and refuses a frame over the limit', () => {
    const got: string[] = [];
    const framer = new TcpFramer(100, (t) => got.push(t));
    const stream = Buffer.from('11 <13>hello a<13>line one\n<13>line two\n5 <1>xy<14>tail');
    for (let i = 0; i < stream.length; i += 3) expect(framer.push(stream.subarray(i, i + 3))).toBe(true);
    framer.end();
    expect(got).toEqual(['<13>hello a', '<13>line one', '<13>line two', '<1>xy', '<14>tail']);
    expect(new TcpFramer(10, () => {}).push(Buffer.from('50 <13>'))).toBe(false);
    expect(new TcpFramer(10, () => {}).push(Buffer.from('<13>a very long line without end'))).toBe(false);
  });
});
