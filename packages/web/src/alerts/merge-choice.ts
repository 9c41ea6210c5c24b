/**
 * Choosing the observables a merge of several alerts brings into the case (pure, unit-tested): the
 * union of the alerts' observables, one line per type and value whichever alerts hold it, all chosen
 * at first; unticking a line leaves that value out for every alert holding it. The merge then sends,
 * per alert, the ids of its own observables still chosen (`{"observables": [ids]}` on
 * `POST /api/v1/alert/{id}/merge/{caseId}`), or nothing when all are chosen (the server brings all).
 */

export interface MergeObservable {
  _id: string;
  dataType: string;
  data?: string;
  ioc: boolean;
  attachment?: { name: string; hashes: string[] };
}

/** One line of the choice: a type and value held by one or more of the alerts. */
export interface ObservableLine {
  key: string;
  dataType: string;
  /** The value, or the file's name. */
  value: string;
  /** An IOC in at least one alert. */
  ioc: boolean;
  /** How many of the alerts hold it. */
  alerts: number;
}

/** Type and value: a file is known by its first hash (its content), else its name. */
export function observableKey(o: MergeObservable): string {
  const value = o.data ?? (o.attachment ? `file:${o.attachment.hashes[0] ?? o.attachment.name}` : o._id);
  return `${o.dataType}\u0000${value}`;
}

/** The union of the alerts' observables, by type then value. */
export function unionOfObservables(
  perAlert: ReadonlyMap<string, readonly MergeObservable[]>,
): ObservableLine[] {
  const lines = new Map<string, ObservableLine>();
  for (const observables of perAlert.values()) {
    const seenHere = new Set<string>();
    for (const o of observables) {
      const key = observableKey(o);
      let line = lines.get(key);
      if (!line) {
        line = {
          key,
          dataType: o.dataType,
          value: o.data ?? o.attachment?.name ?? '',
          ioc: false,
          alerts: 0,
        };
        lines.set(key, line);
      }
      line.ioc ||= o.ioc;
      if (!seenHere.has(key)) line.alerts += 1;
      seenHere.add(key);
    }
  }
  return [...lines.values()].sort(
    (a, b) => a.dataType.localeCompare(b.dataType) || a.value.localeCompare(b.value),
  );
}

/**
 * Per alert, the ids of its observables to bring: undefined for every alert when nothing is left
 * out (the merge brings them all, as without a choice).
 */
export function chosenPerAlert(
  perAlert: ReadonlyMap<string, readonly MergeObservable[]>,
  dropped: ReadonlySet<string>,
): Map<string, string[]> | undefined {
  if (dropped.size === 0) return undefined;
  const out = new Map<string, string[]>();
  for (const [alertId, observables] of perAlert)
    out.set(
      alertId,
      observables.filter((o) => !dropped.has(observableKey(o))).map((o) => o._id),
    );
  return out;
}
