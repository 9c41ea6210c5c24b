import { beforeAll, describe, expect, it } from 'vitest';
import { queryPlan } from '../../test-support/explain.js';
import { useOrganisation } from '../../test-support/identity.js';
import { useTestServer } from '../../test-support/server.js';
import type { Scope } from '../scope.js';
import { findAlert, parseAlertKey } from './alerts.js';
import {
  observableCountsOfAlertsQuery,
  observableCountsOfCasesQuery,
  sameObservablesInCasesQuery,
  sameObservablesInOtherAlertsQuery,
  similarityKeysOfAlertQuery,
} from './observables.js';

describe('alerts repository', () => {
  const server = useTestServer();
  const soc = useOrganisation(server, 'repo-alert');
  let scope: Scope;
  let alertId: number;

  beforeAll(async () => {
    const res = await soc.analyst.post('/api/v1/alert', {
      type: 'a;b',
      source: 'src',
      sourceRef: 'r1',
      title: 't',
      description: 'd',
      observables: [{ dataType: 'ip', data: '10.0.0.1' }],
    });
    // `;` is refused in type and source: the key form must stay unambiguous.
    expect(res.status).toBe(400);
    const ok = await soc.analyst.post('/api/v1/alert', {
      type: 'ids',
      source: 'src',
      sourceRef: 'r;1',
      title: 't',
      description: 'd',
      observables: [{ dataType: 'ip', data: '10.0.0.1' }],
    });
    expect(ok.status).toBe(201);
    alertId = Number(ok.body._id.slice(1));
    scope = soc.scope;
  });

  it('finds an alert by ~id and by type;source;sourceRef, in its organisation only', async () => {
    const db = server.propolis.deps.db;
    expect(parseAlertKey('a;b;c')).toEqual({ type: 'a', source: 'b', sourceRef: 'c' });
    expect(parseAlertKey('a;b')).toBeUndefined();
    expect(parseAlertKey('a;b;c;d')).toEqual({ type: 'a', source: 'b', sourceRef: 'c;d' });
    expect((await findAlert(db, scope, 'ids;src;r;1'))?.id).toBe(alertId);
    expect((await findAlert(db, scope, `~${alertId}`))?.source_ref).toBe('r;1');
    expect((await findAlert(db, scope, alertId))?.id).toBe(alertId);
    expect(
      await findAlert(db, { organisationId: scope.organisationId + 1000, platformAdmin: false }, alertId),
    ).toBeUndefined();
    // The key form splits on the first two ";": a sourceRef may hold more.
    expect(await findAlert(db, scope, 'ids;src;r')).toBeUndefined();
  });

  it('uses indexes for alert similarity (SQLite EXPLAIN)', async (context) => {
    if (server.dialect !== 'sqlite') context.skip();
    const db = server.propolis.deps.db;
    const plan = async (compiled: { sql: string; parameters: readonly unknown[] }) =>
      (await queryPlan(db, 'sqlite', compiled)).join('\n');
    const keys = [
      { data_type: 'ip', data_key: 'a'.repeat(64) },
      { data_type: 'domain', data_key: 'b'.repeat(64) },
    ];
    const mine = await plan(similarityKeysOfAlertQuery(db, scope, alertId).compile());
    expect(mine).toContain('USING INDEX observable_org_alert (organisation_id=? AND alert_id=?)');
    for (const q of [
      sameObservablesInCasesQuery(db, scope, keys),
      sameObservablesInOtherAlertsQuery(db, scope, alertId, keys),
    ]) {
      const p = await plan(q.compile());
      expect(p).toContain('USING INDEX observable_value (organisation_id=? AND data_key=? AND data_type=?)');
      expect(p).not.toContain('SCAN');
    }
    const cases = await plan(observableCountsOfCasesQuery(db, scope, [1, 2]).compile());
    expect(cases).toMatch(
      /USING COVERING INDEX observable_case_counts \(organisation_id=\? AND case_id=\?\)/,
    );
    const alerts = await plan(observableCountsOfAlertsQuery(db, scope, [1, 2]).compile());
    expect(alerts).toMatch(
      /USING (COVERING )?INDEX observable_org_alert \(organisation_id=\? AND alert_id=\?\)/,
    );
  });
});
