/**
 * The cap of similar cases and alerts at its edge (GET /api/v1/alert/{id}?extraData=...): more
 * than 100 cases (alerts) hold a common value and a few hold a rare one, so the answer is exactly
 * the 100 newest holding either, whichever value brings them; exclusions near the cut (merged
 * cases, an observable that ignores similarity, the alert's own case, imported alerts) let the
 * next older ones in, and the counts of a case holding both values are complete.
 */
import { describe, expect, it } from 'vitest';
import { findAlertsByIds } from '../../db/repositories/alerts.js';
import { findCasesByIds } from '../../db/repositories/cases.js';
import { MAX_SIMILAR } from '../../domain/alerts/similarity.js';
import { caseWith, postAlert } from '../../test-support/factories.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';

type Observable = { dataType: string; data: string; ioc?: boolean };

describe('similar cases and alerts at the cap', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'cap-soc');
  const other = useOrganisation(server, 'cap-other');
  const alertWith = async (observables: Observable[]): Promise<string> =>
    (await postAlert(soc.analyst, { type: 'cap', description: 'similarity', observables }))._id;

  async function similar(alertId: string, name: 'similarCases' | 'similarAlerts') {
    const res = await soc.analyst.get(`/api/v1/alert/${alertId}?extraData=${name}`);
    expect(res.status).toBe(200);
    const list = res.body.extraData[name] as Array<Record<string, any>>;
    // Newest first.
    const dates = list.map((s) => (s.case ?? s.alert)._createdAt as number);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    return list;
  }
  const idsOf = (list: Array<Record<string, any>>) =>
    list.map((s) => (s.case ?? s.alert)._id as string).sort();
  const sorted = (ids: string[]) => [...ids].sort();

  it('answers the 100 newest cases holding any value, then lets older ones in past exclusions', async () => {
    expect(MAX_SIMILAR).toBe(100);
    const common: Observable = { dataType: 'ip', data: '198.51.100.1' };
    const rare: Observable = { dataType: 'domain', data: 'rare.example' };
    const oldRare = await caseWith(soc.analyst, [rare], { title: 'old rare' });
    const commons: Array<{ id: string; observables: string[] }> = [];
    let midRare = '';
    for (let i = 0; i <= 100; i++) {
      // The oldest case that is answered also holds the rare value, as an IOC there.
      commons.push(
        await caseWith(soc.analyst, i === 2 ? [common, { ...rare, ioc: true }] : [common], {
          title: `common ${i}`,
        }),
      );
      if (i === 49) midRare = (await caseWith(soc.analyst, [rare], { title: 'mid rare' })).id;
    }
    // Another organisation's case with the value is never seen.
    const foreign = await caseWith(other.analyst, [common], { title: 'foreign' });
    const alertId = await alertWith([common, rare]);

    // 103 cases hold a value: the 3 oldest are left out, the rare one among them.
    let list = await similar(alertId, 'similarCases');
    const ids = (from: number, to: number, skip: number[] = []) =>
      commons
        .slice(from, to + 1)
        .filter((_, i) => !skip.includes(from + i))
        .map((c) => c.id);
    expect(idsOf(list)).toEqual(sorted([...ids(2, 100), midRare]));
    expect(idsOf(list)).not.toContain(oldRare.id);
    expect(idsOf(list)).not.toContain(foreign.id);
    expect(list[0]!.case._id).toBe(commons[100]!.id);
    expect(list.find((s) => s.case._id === commons[2]!.id)).toMatchObject({
      similarObservableCount: 2,
      similarIocCount: 1,
      observableCount: 2,
      iocCount: 1,
      observableTypes: { ip: 1, domain: 1 },
    });
    expect(list.find((s) => s.case._id === midRare)).toMatchObject({
      similarObservableCount: 1,
      observableTypes: { domain: 1 },
    });

    // The two newest are merged: the merged case (newest) holds the value, the two are left out,
    // and there is room for one older case.
    const merged = await soc.analyst.post(`/api/v1/case/_merge/${commons[100]!.id},${commons[99]!.id}`);
    expect(merged.status).toBe(201);
    list = await similar(alertId, 'similarCases');
    expect(list).toHaveLength(100);
    expect(idsOf(list)).toEqual(sorted([merged.body._id, ...ids(1, 98), midRare]));

    // An observable that ignores similarity takes its case out: the next older one comes in.
    const ignored = await soc.analyst.patch(`/api/v1/observable/${commons[1]!.observables[0]}`, {
      ignoreSimilarity: true,
    });
    expect(ignored.status).toBe(204);
    list = await similar(alertId, 'similarCases');
    expect(idsOf(list)).toEqual(sorted([merged.body._id, ...ids(0, 98, [1]), midRare]));

    // The alert's own case is left out: the oldest case, holding only the rare value, comes in.
    const own = await soc.analyst.post(`/api/v1/alert/${alertId}/merge/${commons[50]!.id}`);
    expect(own.status).toBe(200);
    list = await similar(alertId, 'similarCases');
    expect(idsOf(list)).toEqual(sorted([merged.body._id, ...ids(0, 98, [1, 50]), midRare, oldRare.id]));
    expect(list.find((s) => s.case._id === oldRare.id)).toMatchObject({ similarObservableCount: 1 });

    // Rows by id (read through the primary key) stay in their organisation.
    const db = server.propolis.deps.db;
    const both = [foreign.id, commons[3]!.id].map((id) => Number(id.slice(1)));
    expect((await findCasesByIds(db, soc.scope, both)).map((c) => c.id)).toEqual([both[1]]);
    expect((await findCasesByIds(db, other.scope, both)).map((c) => c.id)).toEqual([both[0]]);
  });

  it('answers the 100 newest alerts holding any value, imported alerts left out', async () => {
    const common: Observable = { dataType: 'ip', data: '198.51.100.2' };
    const rare: Observable = { dataType: 'domain', data: 'rare-alert.example' };
    const oldRare = await alertWith([rare]);
    const commons: string[] = [];
    let midRare = '';
    for (let i = 0; i <= 100; i++) {
      commons.push(await alertWith(i === 2 ? [common, { ...rare, ioc: true }] : [common]));
      if (i === 49) midRare = await alertWith([rare]);
    }
    const alertId = await alertWith([common, rare]);

    let list = await similar(alertId, 'similarAlerts');
    expect(idsOf(list)).toEqual(sorted([...commons.slice(2), midRare]));
    expect(list.find((s) => s.alert._id === commons[2])).toMatchObject({
      similarObservableCount: 2,
      similarIocCount: 1,
      observableCount: 2,
      observableTypes: { ip: 1, domain: 1 },
    });

    // The two newest are imported into cases: their case counts instead, two older alerts come in.
    for (const id of [commons[100]!, commons[99]!])
      expect((await soc.analyst.post(`/api/v1/alert/${id}/case`)).status).toBe(201);
    list = await similar(alertId, 'similarAlerts');
    expect(idsOf(list)).toEqual(sorted([...commons.slice(0, 99), midRare]));
    expect(idsOf(list)).not.toContain(oldRare);
    const cases = await similar(alertId, 'similarCases');
    expect(cases).toHaveLength(2);
    const db = server.propolis.deps.db;
    const mine = Number(commons[0]!.slice(1));
    expect(await findAlertsByIds(db, other.scope, [mine])).toEqual([]);
  });
});
