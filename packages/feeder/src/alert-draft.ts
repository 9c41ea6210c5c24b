/**
 * What a feeder hands to the platform: an alert described with TheHive's v1 input fields.
 * The platform creates it through its own alert command; (type, source, sourceRef) deduplicates it.
 */
export interface FileDraft {
  name: string;
  contentType: string;
  content: Uint8Array;
}

export interface ObservableDraft {
  dataType: string;
  /** Absent for `file` observables, which carry `file` instead. */
  data?: string;
  file?: FileDraft;
  message?: string;
  tags?: string[];
  ioc?: boolean;
  tlp?: number;
}

export interface AlertDraft {
  type: string;
  source: string;
  sourceRef: string;
  title: string;
  description: string;
  severity?: number;
  tlp?: number;
  pap?: number;
  tags?: string[];
  /** Epoch milliseconds of the event. */
  date?: number;
  externalLink?: string;
  caseTemplate?: string;
  observables: ObservableDraft[];
}

/**
 * A reply to a case (a mail whose subject names `Case #12`): a log in the case's task `task`,
 * created if missing. `ref` (the Message-ID) makes a replayed reply a duplicate; a case that does
 * not exist in the feeder's organisation makes `orAlert` an alert instead, so nothing is lost.
 */
export interface CaseLogDraft {
  caseNumber: number;
  task: string;
  ref: string;
  message: string;
  attachments: FileDraft[];
  orAlert: AlertDraft;
}

/** Observables listed once each (same type and data), keeping the first's message and merging tags. */
export function dedupObservables(observables: readonly ObservableDraft[]): ObservableDraft[] {
  const seen = new Map<string, ObservableDraft>();
  const out: ObservableDraft[] = [];
  for (const o of observables) {
    if (o.file) {
      out.push(o);
      continue;
    }
    if (o.data === undefined || o.data === '') continue;
    const key = `${o.dataType}\u0000${o.data}`;
    const known = seen.get(key);
    if (known) {
      if (o.tags?.length) known.tags = [...new Set([...(known.tags ?? []), ...o.tags])];
      continue;
    }
    const copy = { ...o, tags: o.tags ? [...o.tags] : undefined };
    seen.set(key, copy);
    out.push(copy);
  }
  return out;
}
