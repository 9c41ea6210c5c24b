/**
 * @mentions in markdown: typed as `@login` (logins may hold an @ and dots, as e-mail addresses do),
 * offered from the organisation's users while typing, and rendered as the user's name by a remark
 * plugin (a `span.mention` the sanitiser lets through, its text the name: never raw HTML).
 */

export interface MentionUser {
  login: string;
  name: string;
}

/** The mention being typed before the caret: where its @ is and what follows it. */
export function mentionAt(value: string, caret: number): { start: number; query: string } | undefined {
  const before = value.slice(0, caret);
  const m = /(^|[\s([{>,;])@([^\s@]*(?:@[^\s@]*)?)$/.exec(before);
  const query = m?.[2];
  if (query === undefined) return undefined;
  return { start: caret - query.length - 1, query };
}

/** Users whose login or name holds the query (case-insensitive), logins starting with it first. */
export function matchUsers(users: readonly MentionUser[], query: string, limit = 8): MentionUser[] {
  const q = query.toLowerCase();
  const hits = users.filter((u) => u.login.toLowerCase().includes(q) || u.name.toLowerCase().includes(q));
  const rank = (u: MentionUser) => (u.login.toLowerCase().startsWith(q) ? 0 : 1);
  return hits.sort((a, b) => rank(a) - rank(b) || a.login.localeCompare(b.login)).slice(0, limit);
}

/** What the picker inserts for a user. */
export const mentionText = (login: string) => `@${login} `;

// --- rendering (mdast, after remark-gfm, which turns `ana@soc.test` into a mailto link) ---

interface Node {
  type: string;
  value?: string;
  url?: string;
  children?: Node[];
  data?: Record<string, unknown>;
}

function mentionNode(login: string, name: string): Node {
  return {
    type: 'mention',
    data: { hName: 'span', hProperties: { className: ['mention'], dataLogin: login, title: login } },
    children: [{ type: 'text', value: `@${name}` }],
  };
}

const PLAIN = /(^|[^\w@.])@([A-Za-z0-9_][\w.+-]*)/g;

/** Splits a text node at the mentions of known logins (trailing dots are punctuation). */
function splitText(value: string, names: ReadonlyMap<string, string>): Node[] {
  const out: Node[] = [];
  let last = 0;
  for (const m of value.matchAll(PLAIN)) {
    let login = m[2] ?? '';
    while (login.endsWith('.') && !names.has(login)) login = login.slice(0, -1);
    const name = names.get(login);
    if (name === undefined) continue;
    const at = (m.index ?? 0) + (m[1] ?? '').length;
    if (at > last) out.push({ type: 'text', value: value.slice(last, at) });
    out.push(mentionNode(login, name));
    last = at + 1 + login.length;
  }
  if (last === 0) return [{ type: 'text', value }];
  if (last < value.length) out.push({ type: 'text', value: value.slice(last) });
  return out;
}

function rewrite(parent: Node, names: ReadonlyMap<string, string>) {
  const children = parent.children;
  if (!children) return;
  const out: Node[] = [];
  for (let i = 0; i < children.length; i++) {
    const child = children[i] as Node;
    const next = children[i + 1];
    if (child.type === 'text' && child.value !== undefined) {
      const email = next?.type === 'link' && next.url?.startsWith('mailto:') ? next.url.slice(7) : undefined;
      const name = email === undefined ? undefined : names.get(email);
      const text = next?.children?.length === 1 ? next.children[0]?.value : undefined;
      if (name !== undefined && text === email && /(^|[^\w@.])@$/.test(child.value)) {
        out.push(...splitText(child.value.slice(0, -1), names), mentionNode(email as string, name));
        i++;
        continue;
      }
      out.push(...splitText(child.value, names));
      continue;
    }
    if (child.type !== 'link' && child.type !== 'linkReference') rewrite(child, names);
    out.push(child);
  }
  parent.children = out;
}

/** remark plugin: `@login` of a known user → a mention showing the user's name. */
export function remarkMentions(options: { names: ReadonlyMap<string, string> }) {
  return (tree: Node) => {
    if (options.names.size > 0) rewrite(tree, options.names);
  };
}
