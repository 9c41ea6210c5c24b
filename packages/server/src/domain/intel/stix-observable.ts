/**
 * An observable row as the STIX bundle builder takes it (intel/stix-bundle.ts), for a case's
 * bundle and for the observables export.
 */
import type { ObservableRow } from '../../db/repositories/observables.js';
import type { StixObservable } from '../../intel/stix-bundle.js';

/** The string tags of a stored JSON tag list (none when it is not a list). */
export const tagsOf = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
};

export const stixObservableOf = (o: ObservableRow): StixObservable & { tlp: number } => ({
  id: o.id,
  dataType: o.data_type,
  data: o.data,
  ioc: o.ioc === 1,
  tlp: o.tlp,
  message: o.message,
  tags: tagsOf(o.tags),
  createdAt: o.created_at,
  updatedAt: o.updated_at,
});
