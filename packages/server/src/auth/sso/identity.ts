/**
 * What an identity provider says about the person signing in, read from ID token claims, SAML
 * attributes or an LDAP entry through the provider's `fields`, and the memberships its groups map to.
 */
import type { GroupMapping, IdentityFields } from './sso-config.js';

export interface ExternalIdentity {
  login: string;
  name?: string;
  email?: string;
  groups: string[];
}

/** A value as a list of non-empty strings (a claim may be a string, a list, or absent). */
function strings(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
}

/** Reads the identity out of claims or attributes, by the provider's field names (dotted paths allowed). */
export function identityFrom(source: Record<string, unknown>, fields: IdentityFields): ExternalIdentity {
  const at = (path: string): unknown => {
    if (path in source) return source[path];
    let v: unknown = source;
    for (const part of path.split('.')) {
      if (typeof v !== 'object' || v === null) return undefined;
      v = (v as Record<string, unknown>)[part];
    }
    return v;
  };
  const first = (path: string) => strings(at(path))[0];
  return {
    login: first(fields.login) ?? '',
    name: first(fields.name),
    email: first(fields.email),
    groups: strings(at(fields.groups)),
  };
}

/**
 * The group names of an LDAP group DN (`cn=soc,ou=groups,dc=example,dc=org` → `soc`) are matched as
 * well as the full DN, so a mapping may name either.
 */
function groupNames(group: string): string[] {
  const match = /^\s*cn=((?:\\.|[^,])+)/i.exec(group);
  return match?.[1] ? [group, match[1].replace(/\\(.)/g, '$1')] : [group];
}

/** The memberships the groups map to: one per organisation, the first matching mapping winning. */
export function mappedMemberships(
  mappings: GroupMapping[],
  groups: string[],
): Array<{ organisation: string; profile: string; group: string }> {
  const names = new Set(groups.flatMap(groupNames).map((g) => g.toLowerCase()));
  const out: Array<{ organisation: string; profile: string; group: string }> = [];
  for (const m of mappings) {
    if (m.group !== '*' && !names.has(m.group.toLowerCase())) continue;
    if (out.some((o) => o.organisation === m.organisation)) continue;
    out.push({ organisation: m.organisation, profile: m.profile, group: m.group });
  }
  return out;
}
