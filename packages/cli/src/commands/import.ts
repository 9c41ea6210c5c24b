/**
 * `propolis import <file>`: creates on a running server the case or alert of a `propolis export`
 * document (a new case with a new number; an alert already there is reported as a duplicate).
 */
import type { Command } from 'commander';
import { type AlertTree, type CaseTree, writeAlert, writeCase } from '../support/entity-tree.js';
import { UsageError } from '../support/errors.js';
import { readInput } from '../support/json-input.js';
import { report } from '../support/output.js';
import { PropolisApiError, Remote, type RemoteOptions, withRemoteOptions } from '../support/remote.js';
import { EXPORT_FORMAT } from './export.js';

export function registerImport(program: Command): void {
  withRemoteOptions(
    program
      .command('import')
      .description('import a case or an alert exported by `propolis export` into a running server')
      .argument('[file]', 'export file (default or "-": standard input)'),
  )
    .option('--json', 'print the result as JSON')
    .action(async (file: string | undefined, options: RemoteOptions & { json?: boolean }) => {
      const remote = Remote.fromOptions(options);
      let document: { format?: string; version?: number; kind?: string } & Partial<CaseTree & AlertTree>;
      try {
        document = JSON.parse(await readInput(file));
      } catch (error) {
        if (error instanceof UsageError) throw error;
        throw new UsageError(`the input is not JSON: ${(error as Error).message}`);
      }
      if (document.format !== EXPORT_FORMAT || document.version !== 1)
        throw new UsageError(`the input is not a ${EXPORT_FORMAT} document (version 1)`);
      if (document.kind === 'case' && document.case) {
        const created = await writeCase(remote, document as CaseTree);
        report(
          options,
          { kind: 'case', created: true, id: created._id, number: created.number },
          `Imported case #${String(created.number)} (${String(created._id)})`,
        );
      } else if (document.kind === 'alert' && document.alert) {
        try {
          const created = await writeAlert(remote, document as AlertTree);
          report(
            options,
            { kind: 'alert', created: true, id: created._id },
            `Imported alert ${String(created._id)}`,
          );
        } catch (error) {
          if (!(error instanceof PropolisApiError && error.type === 'ConflictError')) throw error;
          report(
            options,
            { kind: 'alert', created: false, duplicate: true },
            'The alert is already there (same type, source and sourceRef): nothing imported',
          );
        }
      } else throw new UsageError(`unknown kind "${String(document.kind)}": case or alert`);
    });
}
