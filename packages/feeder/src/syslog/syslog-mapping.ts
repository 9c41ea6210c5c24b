/**
 * Syslog messages to alert drafts: the feeder's JSONata mapping when it has one (evaluated on the
 * SyslogMessage), else a default one: the application and host in the title, the message as the
 * description, syslog severity to TheHive severity, the sender and the indicators in the message
 * (and CEF's src/dst/shost/dhost/suser) as observables. The sourceRef is a digest of the host,
 * date and message, so that a message sent twice makes one alert.
 */
import { createHash } from 'node:crypto';
import type { AlertDraft, ObservableDraft } from '../alert-draft.js';
import { dedupObservables } from '../alert-draft.js';
import { extractObservables } from '../extract/observables.js';
import type { AlertDefaults } from '../feeder-definition.js';
import type { FeedFailure } from '../runtime.js';
import { type CompiledMapping, compileMapping } from '../webhook/jsonata-mapping.js';
import type { SyslogMessage } from './syslog-message.js';

/** Syslog 0–1 (emergency, alert) → 4 critical; 2–3 → 3 high; 4 → 2 medium; 5–7 → 1 low. */
export function severityOf(syslog: number | undefined): number | undefined {
  if (syslog === undefined) return undefined;
  return syslog <= 1 ? 4 : syslog <= 3 ? 3 : syslog === 4 ? 2 : 1;
}

const CEF_OBSERVABLES: Record<string, string> = {
  src: 'ip',
  dst: 'ip',
  shost: 'hostname',
  dhost: 'hostname',
  suser: 'other',
  duser: 'other',
  fileHash: 'hash',
  request: 'url',
};

export function messageRef(m: SyslogMessage): string {
  return createHash('sha256').update(`${m.host}\u0000${m.date}\u0000${m.message}`).digest('hex').slice(0, 32);
}

export function defaultDraft(m: SyslogMessage, defaults: AlertDefaults, feederName: string): AlertDraft {
  const what = m.cef?.name ?? m.message;
  const who = [m.appName ?? m.cef?.deviceProduct, m.host].filter(Boolean).join(' on ');
  const observables: ObservableDraft[] = [];
  const hostType = /^[\d.]+$|:/.test(m.host) ? 'ip' : 'hostname';
  observables.push({ dataType: hostType, data: m.host, tags: ['syslog:host'] });
  for (const [field, dataType] of Object.entries(CEF_OBSERVABLES)) {
    const value = m.fields[field];
    if (value) observables.push({ dataType, data: value, tags: [`cef:${field}`] });
  }
  observables.push(...extractObservables(m.message));
  const cefSeverity = m.cef?.severity !== undefined ? Number(m.cef.severity) : Number.NaN;
  const severity =
    severityOf(m.severity) ??
    (Number.isFinite(cefSeverity)
      ? cefSeverity >= 9
        ? 4
        : cefSeverity >= 7
          ? 3
          : cefSeverity >= 4
            ? 2
            : 1
      : undefined);
  const tags = [
    m.facility && `syslog:${m.facility}`,
    m.severityName && `syslog:${m.severityName}`,
    m.appName,
  ].filter((t): t is string => !!t);
  return {
    type: defaults.type ?? 'syslog',
    source: defaults.source ?? feederName,
    sourceRef: messageRef(m),
    title: `${who ? `${who}: ` : ''}${what}`.slice(0, 250),
    description: ['```', m.raw, '```'].join('\n'),
    severity: severity ?? defaults.severity,
    tlp: defaults.tlp,
    pap: defaults.pap,
    tags: [...new Set([...(defaults.tags ?? []), ...tags])],
    date: m.date,
    caseTemplate: defaults.caseTemplate,
    observables: dedupObservables(observables),
  };
}

export interface SyslogMapper {
  map(messages: SyslogMessage[]): Promise<{ drafts: AlertDraft[]; failures: FeedFailure[] }>;
}

export function syslogMapper(
  mapping: string | undefined,
  defaults: AlertDefaults,
  feederName: string,
): SyslogMapper {
  const compiled: CompiledMapping | undefined = mapping
    ? compileMapping(
        mapping,
        { ...defaults, type: defaults.type ?? 'syslog', source: defaults.source ?? feederName },
        { nothingIsNoAlert: true },
      )
    : undefined;
  return {
    async map(messages) {
      const drafts: AlertDraft[] = [];
      const failures: FeedFailure[] = [];
      for (const m of messages) {
        if (!compiled) {
          drafts.push(defaultDraft(m, defaults, feederName));
          continue;
        }
        try {
          drafts.push(...(await compiled.apply(m)));
        } catch (error) {
          failures.push({ ref: `message from ${m.sender}`, reason: (error as Error).message });
        }
      }
      return { drafts, failures };
    },
  };
}
