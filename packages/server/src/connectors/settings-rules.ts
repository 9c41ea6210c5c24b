/**
 * Rules the connectors' configuration sections share (misp.servers, misp.feeds, taxii.remotes):
 * a list of named mappings, names unique, and http(s) URLs. A mistake stops the server at start
 * with a message naming the setting.
 */

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Item `i` of the list `list`: a mapping with a name; `where` names it in later messages. */
export function namedItem(
  raw: unknown,
  list: string,
  i: number,
): { raw: Record<string, unknown>; name: string; where: string } {
  const at = `${list}[${i}]`;
  if (!isObject(raw)) throw new Error(`${at}: must be a mapping`);
  const name = raw.name;
  if (typeof name !== 'string' || !NAME.test(name))
    throw new Error(`${at}.name: must be 1-64 letters, digits, '.', '_' or '-'`);
  return { raw, name, where: `${list}[${name}]` };
}

/** The list `list`, each item checked by `check`, no name twice. */
export function namedList<T extends { name: string }>(
  raw: unknown,
  list: string,
  check: (item: unknown, i: number) => T,
): T[] {
  if (!Array.isArray(raw)) throw new Error(`${list}: must be a list`);
  const items = raw.map((item, i) => check(item, i));
  const names = new Set<string>();
  for (const item of items) {
    if (names.has(item.name)) throw new Error(`${list}: the name ${item.name} is used twice`);
    names.add(item.name);
  }
  return items;
}

/** An http: or https: URL. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
