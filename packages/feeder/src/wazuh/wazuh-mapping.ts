/**
 * Wazuh alerts (alerts.json lines, or the JSON its integration posts) → alerts. sourceRef is the
 * alert `id`; severity follows the rule level (0–6 low, 7–11 medium, 12–14 high, 15–16 critical);
 * observables: agent IP, data.srcip/dstip, data.srcuser/dstuser, file hashes of integrity events,
 * and the indicators found in full_log.
 */
import { type AlertDraft, dedupObservables, type ObservableDraft } from '../alert-draft.js';
import { extractObservables } from '../extract/observables.js';
import type { AlertDefaults } from '../feeder-definition.js';
import type { FeedFailure } from '../runtime.js';
import type { JsonRecord } from '../tail/json-lines-source.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

export const wazuhSeverity = (level: number): number =>
  level >= 15 ? 4 : level >= 12 ? 3 : level >= 7 ? 2 : 1;

export function mapWazuhAlert(value: Obj, defaults: AlertDefaults): AlertDraft {
  const rule = obj(value.rule);
  const agent = obj(value.agent);
  const data = obj(value.data);
  const id = text(value.id);
  if (!id) throw new Error('a Wazuh alert without id');
  const level = typeof rule.level === 'number' ? rule.level : 0;
  const observables: ObservableDraft[] = [];
  const agentIp = text(agent.ip);
  if (agentIp) observables.push({ dataType: 'ip', data: agentIp, tags: ['agent'] });
  for (const [k, tag] of [
    ['srcip', 'src'],
    ['dstip', 'dst'],
  ] as const) {
    const v = text(data[k]);
    if (v) observables.push({ dataType: 'ip', data: v, tags: [tag] });
  }
  for (const k of ['srcuser', 'dstuser']) {
    const v = text(data[k]);
    if (v) observables.push({ dataType: 'other', data: v, tags: ['user'] });
  }
  const syscheck = obj(value.syscheck);
  for (const k of ['sha256_after', 'sha1_after', 'md5_after']) {
    const v = text(syscheck[k]);
    if (v) observables.push({ dataType: 'hash', data: v.toLowerCase(), tags: ['file'] });
  }
  const fullLog = text(value.full_log);
  if (fullLog) observables.push(...extractObservables(fullLog, { tags: ['full_log'] }));
  const groups = Array.isArray(rule.groups)
    ? rule.groups.filter((g): g is string => typeof g === 'string')
    : [];
  const mitre = obj(rule.mitre);
  const techniques = Array.isArray(mitre.id)
    ? mitre.id.filter((t): t is string => typeof t === 'string')
    : [];
  const rows: Array<[string, unknown]> = [
    ['Rule', `${rule.id ?? '?'} (level ${level})`],
    ['Description', rule.description],
    ['Groups', groups.join(', ')],
    ['MITRE', techniques.join(', ')],
    ['Agent', `${agent.name ?? '?'} (${agent.id ?? '?'}${agentIp ? `, ${agentIp}` : ''})`],
    ['Manager', obj(value.manager).name],
    ['Location', value.location],
    ['Time', value.timestamp],
  ];
  const table = rows
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `| **${k}** | ${String(v).replace(/\|/g, '\\|')} |`)
    .join('\n');
  const date = Date.parse(String(value.timestamp ?? ''));
  return {
    type: defaults.type ?? 'wazuh_alert',
    source: defaults.source ?? 'wazuh',
    sourceRef: id,
    title: text(rule.description) ?? `Wazuh rule ${rule.id ?? '?'}`,
    description: `| Field | Value |\n|---|---|\n${table}${fullLog ? `\n\n\`\`\`\n${fullLog.slice(0, 8000)}\n\`\`\`` : ''}`,
    severity: defaults.severity ?? wazuhSeverity(level),
    tlp: defaults.tlp,
    pap: defaults.pap,
    tags: [
      ...new Set([
        ...(defaults.tags ?? []),
        'wazuh',
        ...(rule.id !== undefined ? [`rule=${rule.id}`] : []),
        ...(agent.name !== undefined ? [`agent_name=${agent.name}`] : []),
        ...techniques.map((t) => `mitre:${t}`),
      ]),
    ],
    date: Number.isFinite(date) ? date : undefined,
    caseTemplate: defaults.caseTemplate,
    observables: dedupObservables(observables),
  };
}

export function mapWazuhRecords(
  records: JsonRecord[],
  defaults: AlertDefaults,
  minLevel: number,
): { drafts: AlertDraft[]; failures: FeedFailure[] } {
  const drafts: AlertDraft[] = [];
  const failures: FeedFailure[] = [];
  for (const { ref, value } of records) {
    const level = obj(value.rule).level;
    if (typeof level === 'number' && level < minLevel) continue;
    try {
      drafts.push(mapWazuhAlert(value, defaults));
    } catch (error) {
      failures.push({ ref: `line at ${ref}`, reason: (error as Error).message });
    }
  }
  return { drafts, failures };
}
