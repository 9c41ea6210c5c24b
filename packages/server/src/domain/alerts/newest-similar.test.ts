/**
 * alertSimilarity with small caps against a brute-force answer computed from every observable
 * row: random cases and alerts holding random values (some as IOCs, some ignoring similarity),
 * merged cases, imported alerts, alerts merged into a case, and an alert with 150 values (the
 * values are read in several statements, the later ones only above the cut found so far). With
 * caps of 1 to 20 the per-value reads are full, the first short reads leave values to read
 * further, and the exclusions fall near the cut; the answers must be exactly the newest answered
 * parents with complete counts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findAlert } from '../../db/repositories/alerts.js';
import { type SimilarityKey, similarityKeysOfAlertQuery } from '../../db/repositories/observables.js';
import type { Scope } from '../../db/scope.js';
import { caseWith, postAlert } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';
import { newestSimilar } from './newest-similar.js';
import { alertSimilarity, type SimilarityCounts } from './similarity.js';

/** A seeded generator (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: T[], n: number) => {
    const copy = [...list];
    return Array.from({ length: Math.min(n, copy.length) }, () => copy.splice(int(copy.length), 1)[0]!);
  };
  return { next, int, pick };
}

type Observable = { dataType: string; data: string; ioc?: boolean; ignoreSimilarity?: boolean };
type Counts = Omit<SimilarityCounts, never>;

describe('alert similarity against brute force', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'brute-soc');
  let scope: Scope;
  const probes: number[] = [];
  const rng = random(20_261_122);
  const values: Observable[] = Array.from({ length: 8 }, (_, i) =>
    i % 2 ? { dataType: 'domain', data: `v${i}.example` } : { dataType: 'ip', data: `192.0.2.${i}` },
  );
  const fillers: Observable[] = Array.from({ length: 142 }, (_, i) => ({
    dataType: 'hostname',
    data: `filler-${i}`,
  }));

  const holding = (list: Observable[]) =>
    list.map((v) => ({ ...v, ioc: rng.next() < 0.3, ignoreSimilarity: rng.next() < 0.1 }));

  const newCase = async (observables: Observable[]): Promise<string> =>
    (await caseWith(soc.analyst, observables)).id;
  const newAlert = async (observables: Observable[]): Promise<string> =>
    (await postAlert(soc.analyst, { type: 'random', observables }))._id;

  beforeAll(async () => {
    scope = soc.scope;

    // The probes come first: the newest alerts, near every cut, are the random ones below.
    for (let i = 0; i < 16; i++)
      probes.push(Number((await newAlert(rng.pick(values, 2 + rng.int(4)))).slice(1)));
    // One probe holds 150 values, the shared ones last.
    probes.push(Number((await newAlert([...fillers, ...values])).slice(1)));
    const cases: string[] = [];
    for (let i = 0; i < 36; i++) cases.push(await newCase(holding(rng.pick(values, 1 + rng.int(3)))));
    const alerts: string[] = [];
    for (let i = 0; i < 30; i++) alerts.push(await newAlert(holding(rng.pick(values, 1 + rng.int(3)))));
    // Merges among the newest cases (the merged case is newer still), imports among the newest
    // alerts: at small caps, values are read further, several times.
    for (const [a, b] of [
      [35, 33],
      [34, 20],
      [32, 31],
      [30, 5],
    ] as const)
      expect((await soc.analyst.post(`/api/v1/case/_merge/${cases[a]},${cases[b]}`)).status).toBe(201);
    for (const i of [29, 28, 27, 25, 24, 22, 21, 12, 3])
      expect((await soc.analyst.post(`/api/v1/alert/${alerts[i]}/case`)).status).toBe(201);
    // Then four alerts holding every value, imported: each value's newest alerts are left out.
    for (let i = 0; i < 4; i++) {
      const id = await newAlert(values);
      expect((await soc.analyst.post(`/api/v1/alert/${id}/case`)).status).toBe(201);
    }
    // The newest cases hold filler values too: the 150-value alert finds them in its first
    // statement, and its later statements must still count their shared values.
    for (let i = 0; i < 4; i++)
      await newCase(holding([...rng.pick(fillers.slice(0, 20), 2), ...rng.pick(values, 1 + rng.int(3))]));
    // One probe is merged into a recent case: that case is its own, never similar.
    expect((await soc.analyst.post(`/api/v1/alert/~${probes[1]}/merge/${cases[29]}`)).status).toBe(200);
  }, 60_000);

  /** The answer from every row: parents holding a value, exclusions, the `limit` highest ids, counts. */
  async function bruteForce(alertId: number, side: 'case' | 'alert', limit: number) {
    const db = server.propolis.deps.db;
    const rows = await db
      .selectFrom('observable')
      .selectAll()
      .where('organisation_id', '=', scope.organisationId)
      .execute();
    const cases = await db
      .selectFrom('case')
      .selectAll()
      .where('organisation_id', '=', scope.organisationId)
      .execute();
    const alerts = await db
      .selectFrom('alert')
      .selectAll()
      .where('organisation_id', '=', scope.organisationId)
      .execute();
    const alert = alerts.find((a) => a.id === alertId)!;
    const wanted = new Set(
      rows
        .filter((o) => o.alert_id === alertId && !o.ignore_similarity)
        .map((o) => `${o.data_type}|${o.data_key}`),
    );
    const answered = (parent: number) =>
      side === 'case'
        ? parent !== alert.case_id && cases.find((c) => c.id === parent)?.merged_into === null
        : parent !== alertId && alerts.find((a) => a.id === parent)?.case_id === null;
    const parentOf = (o: (typeof rows)[number]) => (side === 'case' ? o.case_id : o.alert_id);
    const found = new Map<number, Counts>();
    for (const o of rows) {
      const parent = parentOf(o);
      if (parent === null || o.ignore_similarity || !wanted.has(`${o.data_type}|${o.data_key}`)) continue;
      if (!answered(parent)) continue;
      const g = found.get(parent) ?? {
        similarObservableCount: 0,
        similarIocCount: 0,
        observableTypes: {},
        observableCount: 0,
        iocCount: 0,
      };
      g.similarObservableCount += 1;
      g.similarIocCount += o.ioc;
      g.observableTypes[o.data_type] = (g.observableTypes[o.data_type] ?? 0) + 1;
      found.set(parent, g);
    }
    const newest = [...found.keys()].sort((a, b) => b - a).slice(0, limit);
    return new Map(
      newest.map((id) => {
        const own = rows.filter((o) => parentOf(o) === id);
        const g = found.get(id)!;
        return [id, { ...g, observableCount: own.length, iocCount: own.filter((o) => o.ioc).length }];
      }),
    );
  }

  it('answers exactly the newest similar cases and alerts, with their counts', async () => {
    const db = server.propolis.deps.db;
    let nonEmpty = 0;
    for (const id of probes) {
      const alert = (await findAlert(db, scope, id))!;
      for (const limit of [1, 2, 3, 4, 5, 7, 12, 20, 1000]) {
        const got = await alertSimilarity(db, scope, alert, { cases: true, alerts: true }, limit);
        for (const side of ['case', 'alert'] as const) {
          const list = side === 'case' ? got.cases : got.alerts;
          const answer = new Map(
            list.map((s) => {
              const {
                case: c,
                alert: a,
                ...counts
              } = s as typeof s & { case?: { id: number }; alert?: { id: number } };
              return [(c ?? a)!.id, counts];
            }),
          );
          const expected = await bruteForce(id, side, limit);
          expect(answer, `alert ${id}, ${side}s, limit ${limit}`).toEqual(expected);
          if (limit === 3 && expected.size === 3) nonEmpty += 1;
        }
      }
    }
    // The data gives full answers at the small caps (the test is not vacuous).
    expect(nonEmpty).toBeGreaterThanOrEqual(8);
  }, 60_000);

  it("lists each parent's matches in the order of the alert's values, whatever order the merged read returns them in", async () => {
    // The merged read returns a parent's rows in no set order among the values (PostgreSQL's
    // Merge Append breaks ties in any order), and the answer's per-type counts are listed in the
    // order of the matches: they follow the values' order, given forwards or backwards.
    const db = server.propolis.deps.db;
    let several = 0;
    for (const id of probes) {
      const alert = (await findAlert(db, scope, id))!;
      const keys: SimilarityKey[] = await similarityKeysOfAlertQuery(db, scope, id).execute();
      for (const order of [keys, [...keys].reverse()]) {
        for (const side of ['case', 'alert'] as const) {
          const found = await newestSimilar(
            db,
            scope,
            order,
            { side, exclude: side === 'case' ? alert.case_id : alert.id, answered: async (list) => list },
            1000,
          );
          for (const [parent, matches] of found.matches) {
            const positions = matches.map((m) => order.indexOf(m.key));
            expect(positions, `alert ${id}, ${side} ${parent}`).toEqual([...positions].sort((a, b) => a - b));
            if (matches.length > 1) several += 1;
          }
        }
      }
    }
    expect(several).toBeGreaterThanOrEqual(20);
  }, 60_000);
});
