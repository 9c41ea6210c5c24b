/**
 * A mailbox read over IMAP (imapflow): every mail not yet processed becomes an alert, then it is
 * moved to `moveTo` or, without one, flagged \Seen plus the keyword $PropolisFed. New mails are
 * noticed at once through IDLE (with a poll every minute as a safety net). A lost connection is
 * retried after `retrySeconds`. Mails are marked only after their alerts are stored: a stop in
 * between hands them over again, and their Message-ID makes the replay a duplicate.
 */
import type { ImapFlow as ImapFlowClient } from 'imapflow';
import type { AlertDefaults, ImapSettings } from '../feeder-definition.js';
import { errorMessage, type FeederRuntime, type Source } from '../runtime.js';
import { mailsToBatch } from './mail-to-draft.js';

export const FED_KEYWORD = '$PropolisFed';
const BATCH = 50;
const POLL_MS = 60_000;

export interface ImapCursor {
  uidValidity: string;
  uid: number;
}

export function imapSource(settings: ImapSettings, defaults: AlertDefaults, fallbackSource: string): Source {
  return {
    async run(runtime: FeederRuntime) {
      while (!runtime.signal.aborted) {
        try {
          await session(settings, defaults, fallbackSource, runtime);
        } catch (error) {
          if (runtime.signal.aborted) break;
          runtime.log(
            'warn',
            `IMAP ${settings.host}:${settings.port}: ${errorMessage(error)}; retrying in ${settings.retrySeconds}s`,
          );
          throw Object.assign(new Error(`IMAP ${settings.host}:${settings.port}: ${errorMessage(error)}`), {
            retryAfterMs: settings.retrySeconds * 1000,
          });
        }
      }
    },
  };
}

async function session(
  settings: ImapSettings,
  defaults: AlertDefaults,
  fallbackSource: string,
  runtime: FeederRuntime,
): Promise<void> {
  // loaded when a mailbox is first opened, not at every start of the server
  const { ImapFlow } = await import('imapflow');
  const client: ImapFlowClient = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: { user: settings.user, pass: settings.password },
    logger: false,
  });
  let wake: (() => void) | undefined;
  let closed = false;
  client.on('error', () => {
    // reported by the failing command or by 'close'
  });
  client.on('exists', () => wake?.());
  client.on('close', () => {
    closed = true;
    wake?.();
  });
  const onAbort = () => {
    wake?.();
    client.close();
  };
  runtime.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    if (settings.moveTo) {
      const list = await client.list();
      if (!list.some((m) => m.path === settings.moveTo)) await client.mailboxCreate(settings.moveTo);
    }
    // This connection is the feeder's own: the mailbox stays selected, and waits are IDLE commands.
    await client.mailboxOpen(settings.mailbox);
    while (!runtime.signal.aborted) {
      if (closed) throw new Error('the connection was closed');
      const found =
        (await client.search(settings.moveTo ? { all: true } : { unKeyword: FED_KEYWORD }, {
          uid: true,
        })) || [];
      const uids = [...found].sort((a, b) => a - b);
      if (uids.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, POLL_MS);
          function done() {
            clearTimeout(timer);
            wake = undefined;
            resolve();
          }
          wake = done;
          // IDLE ends when the next command is sent; the server's EXISTS wakes the loop first.
          client.idle().catch(() => done());
        });
        continue;
      }
      const batch = uids.slice(0, BATCH);
      const messages = await client.fetchAll(batch.join(','), { uid: true, source: true }, { uid: true });
      const { drafts, logs, failures } = await mailsToBatch(
        messages.map((m) => ({ ref: `${settings.mailbox} uid ${m.uid}`, raw: m.source })),
        defaults,
        fallbackSource,
        settings.caseReplies ? { task: settings.replyTask } : undefined,
      );
      const mailbox = client.mailbox;
      const cursor: ImapCursor = {
        uidValidity: mailbox ? String(mailbox.uidValidity) : '',
        uid: batch[batch.length - 1]!,
      };
      await runtime.deliver({ drafts, logs, failures, cursor, lag: uids.length - batch.length });
      const range = batch.join(',');
      if (settings.moveTo) await client.messageMove(range, settings.moveTo, { uid: true });
      else await client.messageFlagsAdd(range, ['\\Seen', FED_KEYWORD], { uid: true });
    }
  } finally {
    runtime.signal.removeEventListener('abort', onAbort);
    if (!closed) await client.logout().catch(() => client.close());
  }
}
