/**
 * A Maildir folder (what Postfix, Dovecot and fetchmail deliver into): every mail in `new/` is
 * read as the IMAP feeder reads one, then moved to `cur/` marked seen (`:2,S`), as a mail client
 * does. Mails are moved only after their alerts are stored: a stop in between hands them over
 * again, and their Message-ID makes the replay a duplicate. `new/` is polled every `pollSeconds`.
 */
import { readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AlertDefaults, MaildirSettings } from '../feeder-definition.js';
import { type FeederRuntime, type Source, sleep } from '../runtime.js';
import { mailsToBatch } from './mail-to-draft.js';

const BATCH = 100;
/** Larger files are not read (a failure names them), then moved like the others. */
const MAX_MAIL_BYTES = 50 * 1024 * 1024;

export function maildirSource(
  settings: MaildirSettings,
  defaults: AlertDefaults,
  fallbackSource: string,
): Source {
  const fresh = path.join(settings.path, 'new');
  const seen = path.join(settings.path, 'cur');
  return {
    async run(runtime: FeederRuntime) {
      while (!runtime.signal.aborted) {
        // Maildir names start with the delivery time: sorted, they come in order of arrival.
        const names = (await readdir(fresh)).filter((n) => !n.startsWith('.')).sort();
        if (names.length === 0) {
          await sleep(settings.pollSeconds * 1000, runtime.signal);
          continue;
        }
        const batch = names.slice(0, BATCH);
        const mails = await Promise.all(
          batch.map(async (name) => {
            const file = path.join(fresh, name);
            const size = (await stat(file)).size;
            return { ref: `new/${name}`, raw: size > MAX_MAIL_BYTES ? undefined : await readFile(file) };
          }),
        );
        const items = await mailsToBatch(
          mails,
          defaults,
          fallbackSource,
          settings.caseReplies ? { task: settings.replyTask } : undefined,
        );
        await runtime.deliver({ ...items, cursor: null, lag: names.length - batch.length });
        for (const name of batch) {
          const base = name.split(':')[0];
          await rename(path.join(fresh, name), path.join(seen, `${base}:2,S`));
        }
      }
    },
  };
}
