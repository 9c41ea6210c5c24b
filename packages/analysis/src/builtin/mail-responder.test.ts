/**
 * The mailer responder against a minimal SMTP sink on 127.0.0.1 (the protocol's few verbs: an
 * SMTP server is an internet service this machine does not run).
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerInput } from '../runner/worker-io.js';
import { mailResponder } from './mail-responder.js';

let sink: Server;
let port: number;
const messages: Array<{ from: string; to: string[]; data: string }> = [];

beforeAll(async () => {
  sink = createServer((socket) => {
    let buffer = '';
    let inData = false;
    let current = { from: '', to: [] as string[], data: '' };
    socket.write('220 sink ready\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          messages.push(current);
          current = { from: '', to: [], data: '' };
          socket.write('250 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 sink\r\n');
        else if (verb === 'MAIL') {
          current.from = line;
          socket.write('250 ok\r\n');
        } else if (verb === 'RCPT') {
          current.to.push(line);
          socket.write('250 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go on\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  port = (sink.address() as { port: number }).port;
});
afterAll(() => {
  sink?.close();
});

const input = (config: Record<string, unknown>): WorkerInput => ({
  dataType: 'thehive:case_artifact',
  data: {
    id: '~7',
    dataType: 'ip',
    data: '10.0.0.1',
    tlp: 2,
    reports: {
      Propolis_IpClass_1_0: {
        taxonomies: [{ level: 'safe', namespace: 'IP', predicate: 'Class', value: 'private' }],
      },
    },
  },
  tlp: 2,
  pap: 2,
  message: '',
  parameters: {},
  config,
});

describe('mailer responder', () => {
  it('mails the object with its taxonomies to the recipients', async () => {
    const out = await mailResponder({
      input: input({
        smtp_host: '127.0.0.1',
        smtp_port: port,
        from: 'propolis@corp.example',
        to: ['soc@corp.example', 'ir@corp.example'],
      }),
      signal: new AbortController().signal,
    });
    if (!out.success) throw new Error(out.errorMessage);
    expect(out.full).toMatchObject({
      to: ['soc@corp.example', 'ir@corp.example'],
      subject: '[Propolis] observable 10.0.0.1',
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.to).toEqual(['RCPT TO:<soc@corp.example>', 'RCPT TO:<ir@corp.example>']);
    expect(messages[0]!.data).toMatch(/Propolis_IpClass_1_0: \[safe\] IP:Class=private/);
    expect(messages[0]!.data).toMatch(/filename=object\.json/);
  });

  it('fails clearly when the configuration is incomplete or the server is unreachable', async () => {
    const signal = new AbortController().signal;
    expect((await mailResponder({ input: input({ smtp_host: '127.0.0.1' }), signal })).success).toBe(false);
    const unreachable = await mailResponder({
      input: input({ smtp_host: '127.0.0.1', smtp_port: 9, from: 'a@b.example', to: ['c@d.example'] }),
      signal,
    });
    expect(unreachable).toMatchObject({
      success: false,
      errorMessage: expect.stringMatching(/^Mail not sent/),
    });
  });
});
