/**
 * `propolis alert send [file]`: posts alerts to a running server, from one JSON file (an object or an
 * array), a JSON-lines file, or stdin. An alert already there (same type, source and sourceRef) is
 * counted as a duplicate, not as a failure; the exit code is 1 only when some alert could not be
 * created for another reason.
 */
import type { InputAlert } from '@propolis/client';
import type { Command } from 'commander';
import { CommandError, messageOf, UsageError } from '../support/errors.js';
import { eachLimited, parseRecords, readInput } from '../support/json-input.js';
import { report } from '../support/output.js';
import { startProgress } from '../support/progress.js';
import { PropolisApiError, Remote, type RemoteOptions, withRemoteOptions } from '../support/remote.js';

interface SendOptions extends RemoteOptions {
  json?: boolean;
  concurrency: string;
}

export function registerAlert(program: Command): void {
  const alert = program.command('alert').description('alerts on a running server');
  withRemoteOptions(
    alert
      .command('send')
      .description(
        'create alerts from a JSON file, a JSON-lines file or stdin; reports created, duplicates and failures',
      )
      .argument('[file]', 'file to read (default or "-": standard input)'),
  )
    .option('--concurrency <n>', 'requests in flight', '4')
    .option('--json', 'print the report as JSON')
    .action(async (file: string | undefined, options: SendOptions) => {
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
        throw new UsageError('--concurrency must be an integer from 1 to 64');
      const remote = Remote.fromOptions(options);
      const records = parseRecords(await readInput(file));
      const result = {
        read: records.length,
        created: 0,
        duplicates: 0,
        failed: 0,
        errors: [] as Array<{ line: number; message: string }>,
        duplicateRefs: [] as string[],
      };
      const progress = startProgress('alerts', records.length, options);
      await eachLimited(records, concurrency, async (record) => {
        try {
          if (record.error) throw new Error(record.error);
          if (typeof record.value !== 'object' || record.value === null || Array.isArray(record.value))
            throw new Error('not a JSON object');
          await remote.client.alert.create(record.value as InputAlert);
          result.created++;
        } catch (error) {
          if (error instanceof PropolisApiError && error.type === 'ConflictError') {
            result.duplicates++;
            const a = record.value as { sourceRef?: unknown };
            if (result.duplicateRefs.length < 1000) result.duplicateRefs.push(String(a.sourceRef));
          } else {
            result.failed++;
            if (result.errors.length < 1000)
              result.errors.push({ line: record.line, message: messageOf(error) });
          }
        }
        progress.tick();
      });
      progress.stop();
      report(options, result, () =>
        [
          `${result.read} read: ${result.created} created, ${result.duplicates} duplicates, ${result.failed} failed`,
          ...result.errors.slice(0, 20).map((e) => `  line ${e.line}: ${e.message}`),
        ].join('\n'),
      );
      if (result.failed) throw new CommandError(`${result.failed} alert(s) could not be created`);
    });
}
