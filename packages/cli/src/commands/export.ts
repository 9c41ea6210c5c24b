/**
 * `propolis export case|alert <id>`: writes one case (tasks, logs, observables) or one alert (with
 * observables) of a running server as one JSON document, files included (base64), for
 * `propolis import`.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { readAlert, readCase } from '../support/entity-tree.js';
import { note } from '../support/output.js';
import { Remote, type RemoteOptions, withRemoteOptions } from '../support/remote.js';

export const EXPORT_FORMAT = 'propolis-export';

interface ExportOptions extends RemoteOptions {
  output?: string;
}

async function emit(document: unknown, options: ExportOptions, what: string) {
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (options.output && options.output !== '-') {
    await writeFile(options.output, text, { mode: 0o600 });
    note(`Exported ${what} to ${options.output}`);
  } else process.stdout.write(text);
}

export function registerExport(program: Command): void {
  const exp = program
    .command('export')
    .description('export a case or an alert of a running server as JSON (files included)');
  withRemoteOptions(
    exp
      .command('case')
      .description('export a case with its tasks, logs, observables and files')
      .argument('<id>', 'case id or number')
      .option('-o, --output <file>', 'file to write (default: standard output)'),
  ).action(async (id: string, options: ExportOptions) => {
    const remote = Remote.fromOptions(options);
    const tree = await readCase(remote, id);
    await emit(
      { format: EXPORT_FORMAT, version: 1, kind: 'case', exportedAt: new Date().toISOString(), ...tree },
      options,
      `case #${String(tree.case.number)}`,
    );
  });
  withRemoteOptions(
    exp
      .command('alert')
      .description('export an alert with its observables and files')
      .argument('<id>', 'alert id')
      .option('-o, --output <file>', 'file to write (default: standard output)'),
  ).action(async (id: string, options: ExportOptions) => {
    const remote = Remote.fromOptions(options);
    const tree = await readAlert(remote, id);
    await emit(
      { format: EXPORT_FORMAT, version: 1, kind: 'alert', exportedAt: new Date().toISOString(), ...tree },
      options,
      `alert ${String(tree.alert.sourceRef)}`,
    );
  });
}
