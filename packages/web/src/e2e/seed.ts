/**
 * Records for the browser tests, made through the real API before a page opens (the alert and case
 * factories of the server's test-support, which fail loudly unless the server answers 2xx), and many
 * of them at once: the server takes a few requests in parallel, so a few thousand records take
 * seconds, not a minute.
 */
import type { HttpClient } from '../../../server/src/test-support/http.js';

export { createCase, postAlert } from '../../../server/src/test-support/factories.js';

/**
 * Runs `make(n)` for n from 0 to `count - 1`, `workers` at a time; answers the results in order of n.
 * The first failure fails the whole (the other workers stop taking numbers).
 */
export async function seedMany<T>(count: number, make: (n: number) => Promise<T>, workers = 8): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  let failed = false;
  const worker = async () => {
    for (let n = next++; n < count && !failed; n = next++) {
      try {
        results[n] = await make(n);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, count) }, worker));
  return results;
}

/** Alerts posted in parallel: `fields(n)` for the n-th (type siem, source e2e and description d unless given). */
export function postAlerts(
  client: HttpClient,
  count: number,
  fields: (n: number) => Record<string, unknown>,
): Promise<{ _id: string }[]> {
  return seedMany(count, (n) =>
    client.alert.create({ type: 'siem', source: 'e2e', description: 'd', ...fields(n) } as never),
  );
}

/** Markdown that would run script if rendered unsanitised: it must stay inert (`window.__xss` unset). */
export const XSS = '<img src=x onerror="window.__xss=1">\n\n[click](javascript:window.__xss=2)';

/**
 * A STIX bundle of ATT&CK techniques, `[external id, name, tactic]` each, for
 * `POST /api/v1/pattern/import/attack`.
 */
export function attackBundle(techniques: [string, string, string][]): Record<string, unknown> {
  return {
    type: 'bundle',
    id: 'bundle--e2e',
    objects: techniques.map(([externalId, name, tactic]) => ({
      type: 'attack-pattern',
      id: `attack-pattern--e2e-${externalId}`,
      name,
      external_references: [{ source_name: 'mitre-attack', external_id: externalId }],
      kill_chain_phases: [{ kill_chain_name: 'mitre-attack', phase_name: tactic }],
    })),
  };
}
