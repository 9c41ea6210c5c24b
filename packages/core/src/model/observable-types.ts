/**
 * The observable types seeded in every organisation (TheHive 4's default ObservableType list,
 * TheHive 5's `{name, isAttachment, isCaseSensitive}` shape). Organisations may add their own.
 *
 * Case sensitivity decides whether the canonical data is lowercased (dedup and similarity):
 * - case-insensitive: `ip` (IPv6 hex digits), `domain`, `fqdn`, `hostname` (DNS ignores case),
 *   `mail` (the domain part is case-insensitive and in practice every mail system ignores the case
 *   of the local part too), `hash` (hex digits), `autonomous-system` (`as123` = `AS123`).
 * - case-sensitive: everything else. `url` keeps its case because paths and queries are
 *   case-sensitive; `registry` keeps its case although Windows compares keys case-insensitively,
 *   because lowercasing would lose what the analyst pasted; `filename`, `uri_path`, `regexp`,
 *   `user-agent`, `mail-subject`, `other` are plain text. `file` carries an attachment, not data.
 */
export interface ObservableTypeDefinition {
  readonly name: string;
  readonly isAttachment: boolean;
  readonly isCaseSensitive: boolean;
}

const type = (name: string, isCaseSensitive: boolean, isAttachment = false): ObservableTypeDefinition =>
  Object.freeze({ name, isAttachment, isCaseSensitive });

/** In TheHive 4's seeding order. */
export const BUILTIN_OBSERVABLE_TYPES: readonly ObservableTypeDefinition[] = Object.freeze([
  type('url', true),
  type('other', true),
  type('user-agent', true),
  type('regexp', true),
  type('mail-subject', true),
  type('registry', true),
  type('mail', false),
  type('autonomous-system', false),
  type('domain', false),
  type('ip', false),
  type('uri_path', true),
  type('filename', true),
  type('hash', false),
  type('file', true, true),
  type('fqdn', false),
  type('hostname', false),
]);

export const BUILTIN_OBSERVABLE_TYPE_NAMES: readonly string[] = Object.freeze(
  BUILTIN_OBSERVABLE_TYPES.map((t) => t.name),
);

const byName = new Map(BUILTIN_OBSERVABLE_TYPES.map((t) => [t.name, t]));

/** The built-in type of that name (exact, lowercase names), or undefined for custom types. */
export const builtinObservableType = (name: string): ObservableTypeDefinition | undefined => byName.get(name);

export const isBuiltinObservableType = (name: string): boolean => byName.has(name);
