/**
 * Entity ids on the wire look like TheHive 4/5 ids: "~" followed by the row's integer key.
 */
export const formatId = (id: number): string => `~${id}`;

/** Parses "~123" into 123; anything else is not an id (it may be a name, login or number). */
export function parseId(value: string): number | undefined {
  if (!/^~\d{1,15}$/.test(value)) return undefined;
  const n = Number(value.slice(1));
  return Number.isSafeInteger(n) ? n : undefined;
}
