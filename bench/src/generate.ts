/**
 * The benchmark data set, loaded through the repository layer's bulk functions (multi-row INSERTs,
 * one transaction per batch), never through HTTP. Seeded: the same size and seed give the same rows.
 *
 * Shape: alerts in date order over one year from ~40 sources and ~15 types, 1–4 tags (Zipf over 300),
 * severities, TheHive 5 statuses (recent alerts mostly New, older ones triaged), 5–20 observables each
 * drawn from Zipf-distributed pools per data type (so "seen in N cases" is realistic: a few values
 * are everywhere). About 1 alert in 10 founds a case (import: case title, tags, observables copied,
 * import date and handling duration stored) and 1 in 10 is merged into a recent case. Cases have
 * 2–6 tasks with 0–3 logs each and extra observables; older cases are closed.
 */
import { validateObservableData } from '@propolis/core';
import type { Insertable } from 'kysely';
import type { Storage } from '../../packages/server/dist/db/database.js';
import { indexNewRows } from '../../packages/server/dist/db/fulltext-at-commit.js';
import {
  bulkInsert,
  maxId,
  raiseSequence,
  syncIdentity,
  vacuumAnalyze,
} from '../../packages/server/dist/db/repositories/bulk-load.js';
import { sequenceValue } from '../../packages/server/dist/db/repositories/sequences.js';
import type {
  AlertTable,
  CaseTable,
  EntityTagTable,
  ObservableTable,
  TaskLogTable,
  TaskTable,
} from '../../packages/server/dist/db/schema.js';
import { dataKeyOf } from '../../packages/server/dist/domain/observables/observable-input.js';
import { Rng, Zipf } from './random.js';

export interface DatasetSize {
  alerts: number;
  cases: number;
}

export interface Loaded {
  alerts: number;
  cases: number;
  tasks: number;
  logs: number;
  observables: number;
  tags: number;
  seconds: number;
  /** Alerts with exactly 20 observables (for the similarity scenario). */
  probeAlertIds: number[];
  /** A word of case titles/descriptions for the search scenario, and a tag for the list scenario. */
  searchWord: string;
  listTag: string;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The data set ends here (fixed so that runs are comparable; time buckets never move). */
export const DATASET_END = Date.UTC(2025, 0, 1);
export const DATASET_START = DATASET_END - 365 * DAY;

const TYPES = [
  'siem',
  'ids',
  'edr',
  'phishing',
  'misp',
  'external',
  'waf',
  'dlp',
  'vulnerability',
  'cloudtrail',
  'antivirus',
  'netflow',
  'mail-gateway',
  'ueba',
  'honeypot',
];
const SOURCE_BASES = ['splunk', 'qradar', 'elastic', 'wazuh', 'suricata', 'zeek', 'crowdstrike', 'sentinel'];
const SOURCES = SOURCE_BASES.flatMap((b) => [1, 2, 3, 4, 5].map((n) => `${b}-${n}`));
const VERBS = [
  'Suspicious',
  'Malicious',
  'Anomalous',
  'Unusual',
  'Blocked',
  'Detected',
  'Possible',
  'Repeated',
];
const THINGS = [
  'PowerShell execution',
  'login from new country',
  'beaconing',
  'phishing mail',
  'ransomware behaviour',
  'credential dumping',
  'lateral movement',
  'data exfiltration',
  'port scan',
  'brute force',
  'macro document',
  'DNS tunnelling',
  'privilege escalation',
  'persistence via scheduled task',
  'cryptominer',
  'webshell upload',
];
const WORDS =
  'the host user process connection network file registry service account domain controller server workstation endpoint analyst triage indicator traffic outbound inbound firewall proxy mailbox attachment payload script command parent child hash signature rule threshold baseline deviation session token policy vpn gateway tenant cloud bucket storage backup'.split(
    ' ',
  );
const TASKS = [
  'Triage',
  'Containment',
  'Eradication',
  'Recovery',
  'Communication',
  'Forensics',
  'Lessons learned',
];
const ANALYSTS = Array.from({ length: 12 }, (_, i) => `analyst${i + 1}@bench.local`);
const TLDS = ['com', 'net', 'org', 'io', 'ru', 'cn', 'xyz', 'info', 'biz', 'top'];

/** Observable data types with their share of draws. */
const OBS_TYPES: ReadonlyArray<readonly [string, number]> = [
  ['ip', 30],
  ['domain', 18],
  ['url', 10],
  ['hash', 18],
  ['mail', 8],
  ['filename', 8],
  ['fqdn', 8],
];

function rawValue(type: string, r: number): string {
  const m = (r * 2654435761) % 16777216; // a bijection of r on 24 bits: values do not look sequential
  const word = WORDS[r % WORDS.length]!;
  const dom = `${word}-${r.toString(36)}.${TLDS[r % TLDS.length]}`;
  switch (type) {
    case 'ip':
      return `${11 + (Math.floor(r / 16777216) % 200)}.${(m >>> 16) & 255}.${(m >>> 8) & 255}.${m & 255}`;
    case 'domain':
      return dom;
    case 'url':
      return `https://${dom}/${WORDS[(r >>> 3) % WORDS.length]}/${m.toString(16)}.php`;
    case 'hash':
      return dataKeyOf(`bench-hash-${r}`);
    case 'mail':
      return `${WORDS[(r >>> 2) % WORDS.length]}.${r}@${dom}`;
    case 'filename':
      return `${WORDS[(r >>> 1) % WORDS.length]}_${r}.${r % 3 === 0 ? 'exe' : r % 3 === 1 ? 'docm' : 'pdf.js'}`;
    default:
      return `host-${r.toString(36)}.corp.${TLDS[r % TLDS.length]}`;
  }
}

/** Zipf pools of canonical observable values and their data keys, computed lazily per rank. */
class ObservablePools {
  private readonly samplers = new Map<string, Zipf>();
  private readonly cache = new Map<string, Map<number, { data: string; key: string }>>();
  constructor(totalDraws: number) {
    for (const [type, share] of OBS_TYPES) {
      // About one distinct value per 12 draws; s = 1.05: the top value of a type is in ~8% of its draws.
      const n = Math.max(500, Math.round((totalDraws * share) / 100 / 12));
      this.samplers.set(type, new Zipf(n, 1.05));
      this.cache.set(type, new Map());
    }
  }
  draw(rng: Rng, type: string, n: number): Array<{ type: string; data: string; key: string }> {
    return rng.distinct(this.samplers.get(type)!, n).map((r) => ({ type, ...this.value(type, r) }));
  }
  value(type: string, r: number): { data: string; key: string } {
    const cache = this.cache.get(type)!;
    let v = cache.get(r);
    if (!v) {
      const checked = validateObservableData(type, rawValue(type, r));
      if (!checked.ok) throw new Error(`generator made an invalid ${type}: ${rawValue(type, r)}`);
      v = { data: checked.value, key: dataKeyOf(checked.value) };
      cache.set(r, v);
    }
    return v;
  }
  /** n distinct observables of mixed types. */
  mixed(rng: Rng, n: number): Array<{ type: string; data: string; key: string }> {
    const perType = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const t = rng.weighted(OBS_TYPES);
      perType.set(t, (perType.get(t) ?? 0) + 1);
    }
    return [...perType].flatMap(([t, k]) => this.draw(rng, t, k));
  }
}

function sentence(rng: Rng, words: number): string {
  return Array.from({ length: words }, () => rng.pick(WORDS)).join(' ');
}

interface Batch {
  cases: Insertable<CaseTable>[];
  tasks: Insertable<TaskTable>[];
  logs: Insertable<TaskLogTable>[];
  alerts: Insertable<AlertTable>[];
  observables: Insertable<ObservableTable>[];
  tags: Insertable<EntityTagTable>[];
}
const emptyBatch = (): Batch => ({ cases: [], tasks: [], logs: [], alerts: [], observables: [], tags: [] });

export async function generate(
  storage: Storage,
  organisationId: number,
  login: string,
  size: DatasetSize,
  options: { seed?: number; batch?: number; log?: (line: string) => void } = {},
): Promise<Loaded> {
  const started = performance.now();
  const { db, dialect } = storage;
  const rng = new Rng(options.seed ?? 20250101);
  const log = options.log ?? (() => {});
  const pools = new ObservablePools(size.alerts * 10.3 + size.cases * 14);
  const tagZipf = new Zipf(300, 1.1);
  const tagName = (r: number) =>
    r < 40 ? `mitre:T${1000 + r * 7}` : r < 80 ? `customer:${WORDS[r % WORDS.length]}-${r}` : `label-${r}`;
  const typeZipf = new Zipf(TYPES.length, 0.8);
  const sourceZipf = new Zipf(SOURCES.length, 0.9);

  let alertId = await maxId(db, 'alert');
  let caseId = await maxId(db, 'case');
  let taskId = await maxId(db, 'task');
  let logId = await maxId(db, 'task_log');
  let observableId = await maxId(db, 'observable');
  const firstCaseId = caseId;
  // after the cases made through the API before the load (bench:web's baseline case)
  let caseNumber = await sequenceValue(db, organisationId, 'case');
  const counts = { alerts: 0, cases: 0, tasks: 0, logs: 0, observables: 0, tags: 0 };
  const recentCases: number[] = [];
  const probeAlertIds: number[] = [];
  const newCaseRate = size.cases / size.alerts;
  const batchSize = options.batch ?? 5000;

  const obsRow = (
    o: { type: string; data: string; key: string },
    parent: { case_id: number | null; alert_id: number | null },
    date: number,
  ): Insertable<ObservableTable> => ({
    id: ++observableId,
    organisation_id: organisationId,
    ...parent,
    data_type: o.type,
    data: o.data,
    data_key: o.key,
    attachment_id: null,
    message: null,
    tlp: 2,
    pap: 2,
    tags: '[]',
    ioc: rng.chance(0.12) ? 1 : 0,
    sighted: 0,
    sighted_at: null,
    ignore_similarity: 0,
    start_date: date,
    reports: '{}',
    created_at: date,
    created_by: login,
    updated_at: null,
    updated_by: null,
  });

  const flush = async (b: Batch) => {
    await db.transaction().execute(async (trx) => {
      await bulkInsert(trx, 'case', b.cases);
      await bulkInsert(trx, 'task', b.tasks);
      await bulkInsert(trx, 'task_log', b.logs);
      await bulkInsert(trx, 'alert', b.alerts);
      await bulkInsert(trx, 'observable', b.observables);
      await bulkInsert(trx, 'entity_tag', b.tags);
      // SQLite: the batch's alerts and observables enter the full-text index with it, as a server's
      // transactions do (db/fulltext-at-commit.ts)
      if (dialect === 'sqlite') await indexNewRows(trx);
    });
    counts.cases += b.cases.length;
    counts.tasks += b.tasks.length;
    counts.logs += b.logs.length;
    counts.alerts += b.alerts.length;
    counts.observables += b.observables.length;
    counts.tags += b.tags.length;
  };

  let batch = emptyBatch();
  const span = DATASET_END - DATASET_START;
  for (let i = 0; i < size.alerts; i++) {
    const date = DATASET_START + Math.floor((i / size.alerts) * span) + rng.int(0, 60_000);
    const id = ++alertId;
    const tags = [...new Set(Array.from({ length: rng.int(1, 4) }, () => tagName(tagZipf.sample(rng))))];
    const title = `${rng.pick(VERBS)} ${rng.pick(THINGS)} on ${rng.pick(['WS', 'SRV', 'LAP', 'DC'])}-${rng.int(1, 9999)}`;
    const severity = rng.weighted([
      [1, 20],
      [2, 45],
      [3, 25],
      [4, 10],
    ] as const);
    // 5–20 observables, small counts more common (mean ~10); every 500th alert has exactly 20.
    const nObs = i % 500 === 250 ? 20 : 5 + Math.floor(16 * rng.next() ** 2);
    const observables = pools.mixed(rng, nObs);
    const recent = DATASET_END - date < 30 * DAY;
    let status: string;
    let case_id: number | null = null;
    let import_date: number | null = null;
    let handling: number | null = null;
    const x = rng.next();
    if (x < newCaseRate || (x < 2 * newCaseRate && recentCases.length > 0)) {
      status = 'Imported';
      import_date = date + Math.min(30 * DAY, Math.floor(-Math.log(1 - rng.next()) * 6 * HOUR));
      handling = import_date - date;
      if (x < newCaseRate) {
        // The alert founds a case: title, severity, tags and observables come from it.
        case_id = ++caseId;
        caseNumber++;
        const start = import_date;
        const closed = DATASET_END - start > 14 * DAY || rng.chance(0.3);
        const caseStatus = closed
          ? rng.weighted([
              ['TruePositive', 30],
              ['FalsePositive', 40],
              ['Indeterminate', 15],
              ['Duplicated', 5],
              ['Other', 10],
            ] as const)
          : rng.chance(0.6)
            ? 'InProgress'
            : 'New';
        const end = closed ? start + Math.floor(-Math.log(1 - rng.next()) * 3 * DAY) : null;
        const assignee = caseStatus === 'New' ? null : rng.pick(ANALYSTS);
        const caseTags = [...new Set([...tags, ...(rng.chance(0.5) ? [tagName(tagZipf.sample(rng))] : [])])];
        batch.cases.push({
          id: case_id,
          organisation_id: organisationId,
          number: caseNumber,
          title,
          description: `${sentence(rng, 25)}\n\n${sentence(rng, 25)}`,
          severity,
          start_date: start,
          end_date: end,
          tags: JSON.stringify(caseTags),
          flag: rng.chance(0.05) ? 1 : 0,
          tlp: 2,
          pap: 2,
          status: caseStatus,
          stage: caseStatus === 'New' ? 'New' : caseStatus === 'InProgress' ? 'InProgress' : 'Closed',
          impact_status: closed ? rng.pick(['NoImpact', 'WithImpact', 'NotApplicable']) : null,
          summary: closed ? sentence(rng, 12) : null,
          assignee,
          case_template: null,
          merged_into: null,
          in_progress_date: caseStatus === 'New' ? null : start + HOUR,
          closed_date: end,
          created_at: start,
          created_by: login,
          updated_at: end,
          updated_by: end ? (assignee ?? login) : null,
        });
        for (const t of caseTags)
          batch.tags.push({
            organisation_id: organisationId,
            entity_type: 'case',
            entity_id: case_id,
            tag: t,
          });
        const nTasks = rng.int(2, 6);
        for (let k = 0; k < nTasks; k++) {
          const task = ++taskId;
          const taskStatus = closed ? 'Completed' : rng.pick(['Waiting', 'InProgress', 'Completed'] as const);
          batch.tasks.push({
            id: task,
            organisation_id: organisationId,
            case_id,
            title: TASKS[k % TASKS.length]!,
            group_name: 'default',
            description: sentence(rng, 8),
            status: taskStatus,
            flag: 0,
            start_date: taskStatus === 'Waiting' ? null : start + HOUR,
            end_date: taskStatus === 'Completed' ? (end ?? start + DAY) : null,
            order: k,
            due_date: null,
            assignee,
            mandatory: 0,
            created_at: start,
            created_by: login,
            updated_at: null,
            updated_by: null,
          });
          for (let l = rng.int(0, 3); l > 0; l--) {
            batch.logs.push({
              id: ++logId,
              organisation_id: organisationId,
              task_id: task,
              case_id,
              message: sentence(rng, rng.int(10, 40)),
              date: start + rng.int(1, 48) * HOUR,
              owner: assignee ?? login,
              include_in_timeline: null,
              created_at: start + HOUR,
              created_by: assignee ?? login,
              updated_at: null,
              updated_by: null,
            });
          }
        }
        // Import copies the alert's observables into the case; analysts add a few more.
        const seen = new Set(observables.map((o) => `${o.type}\u0000${o.key}`));
        const extra = pools.mixed(rng, rng.int(0, 8)).filter((o) => !seen.has(`${o.type}\u0000${o.key}`));
        for (const o of [...observables, ...extra])
          batch.observables.push(obsRow(o, { case_id, alert_id: null }, start));
        recentCases.push(case_id);
        if (recentCases.length > 50) recentCases.shift();
      } else {
        case_id = rng.pick(recentCases);
      }
    } else {
      status = recent
        ? rng.weighted([
            ['New', 60],
            ['InProgress', 10],
            ['Ignored', 15],
            ['FalsePositive', 10],
            ['TruePositive', 5],
          ] as const)
        : rng.weighted([
            ['New', 8],
            ['InProgress', 2],
            ['Ignored', 35],
            ['FalsePositive', 25],
            ['TruePositive', 10],
            ['Duplicated', 10],
            ['Other', 10],
          ] as const);
    }
    const stage =
      status === 'New' || status === 'InProgress' || status === 'Imported' ? status : ('Closed' as const);
    const touched = stage === 'New' ? null : date + rng.int(1, 72) * HOUR;
    batch.alerts.push({
      id,
      organisation_id: organisationId,
      type: TYPES[typeZipf.sample(rng)]!,
      source: SOURCES[sourceZipf.sample(rng)]!,
      source_ref: `bench-${i}`,
      external_link: rng.chance(0.3) ? `https://siem.example/alerts/${i}` : null,
      title,
      description: sentence(rng, rng.int(15, 60)),
      severity,
      date,
      last_sync_date: date,
      tags: JSON.stringify(tags),
      flag: 0,
      tlp: rng.weighted([
        [1, 20],
        [2, 70],
        [3, 10],
      ] as const),
      pap: 2,
      status,
      stage,
      read: stage === 'New' ? 0 : 1,
      follow: 1,
      assignee: stage === 'New' ? null : rng.pick(ANALYSTS),
      summary: null,
      case_template: null,
      case_id,
      import_date,
      handling_duration: handling,
      observable_count: observables.length,
      in_progress_date: stage === 'InProgress' ? touched : null,
      closed_date: stage === 'Closed' ? touched : null,
      created_at: date,
      created_by: login,
      updated_at: touched,
      updated_by: touched ? login : null,
    });
    for (const t of tags)
      batch.tags.push({ organisation_id: organisationId, entity_type: 'alert', entity_id: id, tag: t });
    for (const o of observables) batch.observables.push(obsRow(o, { case_id: null, alert_id: id }, date));
    if (nObs === 20 && observables.length === 20 && case_id === null) probeAlertIds.push(id);

    if (batch.alerts.length >= batchSize) {
      await flush(batch);
      batch = emptyBatch();
      if ((i + 1) % (batchSize * 10) === 0)
        log(
          `  loaded ${i + 1} alerts, ${counts.cases} cases, ${counts.observables} observables (${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
    }
  }
  await flush(batch);
  for (const t of ['alert', 'case', 'task', 'task_log', 'observable'] as const)
    await syncIdentity(db, dialect, t);
  if (caseId > firstCaseId) await raiseSequence(db, organisationId, 'case', caseNumber);
  // PostgreSQL's autovacuum would vacuum and analyse the new rows within minutes; do it now.
  // SQLite is left as a running Propolis leaves it (no ANALYZE).
  if (dialect === 'postgres') await vacuumAnalyze(db);
  return {
    ...counts,
    seconds: (performance.now() - started) / 1000,
    probeAlertIds,
    searchWord: 'exfiltration',
    listTag: tagName(2),
  };
}
