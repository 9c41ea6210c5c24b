/**
 * v1 navigation steps computed by the similarity code rather than by a column link: alert →
 * `similarCases` (alertSimilarity), case → `similarCases` / `linkedCases` / `links` (cases sharing
 * an observable, linkedCases), observable → `similar` (the same data type and data in other
 * cases). The source rows are read (at most SOURCE_LIMIT), their similar rows found with the
 * existing indexed queries, and the step yields a selection of those ids, so that filter, sort,
 * page and count follow as after any step.
 */
import { type Filter, formatId } from '@propolis/core';
import type { AlertRow } from '../../db/repositories/alerts.js';
import type { CaseRow } from '../../db/repositories/cases.js';
import { type ObservableRow, similarObservables } from '../../db/repositories/observables.js';
import { alertSimilarity } from '../../domain/alerts/similarity.js';
import { linkedCases } from '../../domain/observables/linked-cases.js';
import { entity } from '../../query/registry.js';
import { fetchRows, type QueryEnv, type Selection, selectAll } from '../../query/selection.js';
import { attachmentSteps } from './attachment-steps.js';

const SOURCE_LIMIT = 100;
const RESULT_LIMIT = 1000;

type Step = (env: QueryEnv, rows: Record<string, unknown>[]) => Promise<number[]>;

const STEPS: Record<string, Record<string, { target: string; ids: Step }>> = {
  alert: {
    similarCases: {
      target: 'case',
      ids: async (env, rows) => {
        const out: number[] = [];
        for (const a of rows as unknown as AlertRow[])
          for (const s of (await alertSimilarity(env.db, env.scope, a, { cases: true })).cases)
            out.push(s.case.id);
        return out;
      },
    },
  },
  case: Object.fromEntries(
    ['similarCases', 'linkedCases', 'links'].map((name) => [
      name,
      {
        target: 'case',
        ids: async (env: QueryEnv, rows: Record<string, unknown>[]) => {
          const out: number[] = [];
          for (const c of rows as unknown as CaseRow[])
            for (const l of await linkedCases(env.db, env.scope, c.id)) out.push(l.case.id);
          return out;
        },
      },
    ]),
  ),
  observable: {
    similar: {
      target: 'observable',
      ids: async (env, rows) => {
        const out: number[] = [];
        for (const o of rows as unknown as ObservableRow[])
          for (const s of await similarObservables(env.db, env.scope, o, { limit: RESULT_LIMIT }))
            out.push(s.id);
        return out;
      },
    },
  },
};

for (const [name, steps] of Object.entries(attachmentSteps)) STEPS[name] = { ...STEPS[name], ...steps };

/** Names of the similarity steps available after `entityName`. */
export function similarStepNames(entityName: string): string[] {
  return Object.keys(STEPS[entityName] ?? {});
}

/** Runs a similarity step, or returns undefined when `name` is not one for this selection. */
export async function similarStep(
  env: QueryEnv,
  sel: Selection,
  name: string,
): Promise<Selection | undefined> {
  const step = STEPS[sel.entity.name]?.[name];
  if (!step) return undefined;
  const source = sel.page ? sel : { ...sel, page: { offset: 0, limit: SOURCE_LIMIT } };
  const rows = await fetchRows(env, source);
  const ids = [...new Set(await step.ids(env, rows))].slice(0, RESULT_LIMIT);
  const filter: Filter = { kind: 'id', ids: ids.map(formatId) };
  return { ...selectAll(entity(step.target)), filters: [{ filter, api: 'v1' }] };
}
