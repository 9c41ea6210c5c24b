/**
 * The v0 `_string` operator: a small, safe subset of Lucene query syntax.
 * Supported: `field:value`, `field:"quoted value"`, `field:val*` / `field:*val` / `field:*val*`
 * (startsWith / endsWith / contains), `field:*` (field present), bare words and "quoted
 * phrases" (full-text), `AND`, `OR`, `NOT`, `+term`, `-term` (= NOT term), parentheses,
 * `*` and `*:*` (everything), and `\` escapes. Adjacent terms are AND-ed (Lucene defaults to
 * OR, but our results are not ranked by relevance, so OR would flood the list). Unquoted
 * numbers and `true`/`false` after `field:` are typed; quote them to compare as text.
 * Anything else (ranges, fuzzy `~`, boosts `^`, `?`, regexps, `field:(a b)`) is a QueryError.
 */
import type { Filter } from './ast.js';
import { type Ctx, checkDepth, spend } from './context.js';
import { QueryError } from './errors.js';
import { checkField } from './fields.js';
import { starFilter } from './like.js';

export const QUERY_STRING_SYNTAX =
  'supported _string syntax: field:value, field:"quoted value", field:prefix*, field:*suffix, ' +
  'field:*infix*, field:*, bare words, "quoted phrases", AND, OR, NOT, +term, -term, parentheses and \\ escapes';

interface Term {
  t: 'term';
  pos: number;
  field?: string;
  value: string;
  quoted: boolean;
  /** The value has an unescaped `*`. */
  star: boolean;
  /** The value has an escaped `\*`. */
  literalStar: boolean;
  /** The value had any `\` escape. */
  escaped: boolean;
}
type Token = Term | { t: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'plus' | 'minus'; pos: number };

const RESERVED: Readonly<Record<string, string>> = {
  '[': 'ranges ([a TO b])',
  ']': 'ranges ([a TO b])',
  '{': 'ranges ({a TO b})',
  '}': 'ranges ({a TO b})',
  '~': 'fuzzy and proximity searches (~)',
  '^': 'boosts (^)',
  '?': 'the ? wildcard (use *)',
  '!': '! (use NOT)',
  '&': '&& (use AND)',
  '|': '|| (use OR)',
  '<': 'comparisons (<, >, =)',
  '>': 'comparisons (<, >, =)',
  '=': 'comparisons (<, >, =)',
};
const FIELD_NAME = /^[A-Za-z_][\w.-]*$/;
const NUMBER = /^-?\d{1,15}(\.\d{1,15})?$/;

/** Parses a `_string` query found at `path`, itself at filter depth `depth`. */
export function parseQueryString(ctx: Ctx, text: string, path: string, depth: number): Filter {
  const tokens = tokenize(text, path);
  if (tokens.length === 0) return { kind: 'any' };
  const parser = new Parser(ctx, tokens, path);
  const filter = parser.or(depth + 1);
  const rest = parser.peek();
  if (rest) throw parser.fail(rest.pos, rest.t === 'rparen' ? 'unbalanced ")"' : 'unexpected input');
  return filter;
}

function fail(path: string, pos: number, detail: string): QueryError {
  return new QueryError(path, `${detail} at character ${pos + 1}; ${QUERY_STRING_SYNTAX}`);
}

function tokenize(text: string, path: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);
  while (i < text.length) {
    const ch = text[i]!;
    if (isSpace(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ t: ch === '(' ? 'lparen' : 'rparen', pos: i });
      i++;
    } else if (
      (ch === '+' || ch === '-') &&
      i + 1 < text.length &&
      !isSpace(text[i + 1]) &&
      text[i + 1] !== ')'
    ) {
      tokens.push({ t: ch === '+' ? 'plus' : 'minus', pos: i });
      i++;
    } else if (ch === '"') {
      const phrase = readPhrase(text, i, path);
      tokens.push({
        t: 'term',
        pos: i,
        value: phrase.value,
        quoted: true,
        star: false,
        literalStar: false,
        escaped: false,
      });
      i = phrase.end;
    } else {
      const term = readWord(text, i, path);
      i = term.end;
      const { end: _end, ...token } = term;
      if (!token.field && !token.escaped && ['AND', 'OR', 'NOT'].includes(token.value)) {
        tokens.push({ t: token.value.toLowerCase() as 'and' | 'or' | 'not', pos: token.pos });
      } else {
        tokens.push(token);
      }
    }
  }
  return tokens;
}

function readPhrase(text: string, start: number, path: string): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
    } else if (ch === '"') {
      return { value, end: i + 1 };
    } else {
      value += ch;
      i++;
    }
  }
  throw fail(path, start, 'unterminated quoted phrase');
}

function readWord(text: string, start: number, path: string): Term & { end: number } {
  const term: Term & { end: number } = {
    t: 'term',
    pos: start,
    value: '',
    quoted: false,
    star: false,
    literalStar: false,
    escaped: false,
    end: start,
  };
  let i = start;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch) || ch === '(' || ch === ')') break;
    if (ch === '"') {
      if (term.field !== undefined && term.value === '' && !term.escaped) {
        const phrase = readPhrase(text, i, path);
        term.value = phrase.value;
        term.quoted = true;
        term.end = phrase.end;
        return term;
      }
      throw fail(path, i, 'a quote inside a word (quote the whole value)');
    }
    if (ch === '\\') {
      if (i + 1 >= text.length) throw fail(path, i, 'a trailing \\');
      const next = text[i + 1]!;
      if (next === '*') term.literalStar = true;
      term.escaped = true;
      term.value += next;
      i += 2;
      continue;
    }
    const reserved = RESERVED[ch];
    if (reserved) throw fail(path, i, `unsupported syntax: ${reserved}`);
    if (ch === ':' && term.field === undefined) {
      if (term.value === '') throw fail(path, i, 'a ":" without a field name');
      if (term.escaped) throw fail(path, start, 'an escaped character in a field name');
      term.field = term.value;
      term.value = '';
      term.star = false;
      const next = text[i + 1];
      if (next === undefined || /\s/.test(next) || next === ')')
        throw fail(path, i, 'a missing value after ":"');
      if (next === '(') throw fail(path, i + 1, 'unsupported syntax: field:(...) groups');
      if (next === '/') throw fail(path, i + 1, 'unsupported syntax: regular expressions');
      i++;
      continue;
    }
    if (ch === '/' && term.value === '') throw fail(path, i, 'unsupported syntax: regular expressions');
    if (ch === '*') term.star = true;
    term.value += ch;
    i++;
  }
  term.end = i;
  return term;
}

class Parser {
  private index = 0;

  constructor(
    private readonly ctx: Ctx,
    private readonly tokens: Token[],
    private readonly path: string,
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  fail(pos: number, detail: string): QueryError {
    return fail(this.path, pos, detail);
  }

  private next(): Token | undefined {
    return this.tokens[this.index++];
  }

  or(depth: number): Filter {
    const items = [this.and(depth)];
    while (this.peek()?.t === 'or') {
      this.next();
      items.push(this.and(depth));
    }
    return this.combine('or', items);
  }

  private and(depth: number): Filter {
    const items = [this.unary(depth)];
    for (;;) {
      const token = this.peek();
      if (token?.t === 'and') {
        this.next();
        items.push(this.unary(depth));
      } else if (token && token.t !== 'or' && token.t !== 'rparen') {
        items.push(this.unary(depth));
      } else {
        return this.combine('and', items);
      }
    }
  }

  private combine(kind: 'and' | 'or', items: Filter[]): Filter {
    if (items.length === 1) return items[0]!;
    spend(this.ctx, this.path);
    return { kind, filters: items };
  }

  private unary(depth: number): Filter {
    const token = this.peek();
    if (token?.t === 'not' || token?.t === 'minus') {
      this.next();
      checkDepth(this.ctx, this.path, depth + 1);
      spend(this.ctx, this.path);
      return { kind: 'not', filter: this.unary(depth + 1) };
    }
    if (token?.t === 'plus') this.next();
    return this.primary(depth);
  }

  private primary(depth: number): Filter {
    const token = this.next();
    if (!token)
      throw this.fail(this.tokens[this.tokens.length - 1]!.pos, 'an unexpected end of the query after this');
    if (token.t === 'lparen') {
      checkDepth(this.ctx, this.path, depth + 1);
      const inner = this.or(depth + 1);
      if (this.next()?.t !== 'rparen') throw this.fail(token.pos, 'a "(" that is never closed');
      return inner;
    }
    if (token.t === 'term') return this.term(token);
    throw this.fail(token.pos, `an unexpected ${token.t === 'rparen' ? '")"' : token.t.toUpperCase()}`);
  }

  private term(term: Term): Filter {
    spend(this.ctx, this.path);
    const { ctx, path } = this;
    if (term.field === undefined) {
      if (term.star) {
        if (term.value === '*') return { kind: 'any' };
        throw this.fail(term.pos, 'a wildcard in a free word (use field:value*)');
      }
      if (term.value.length === 0) throw this.fail(term.pos, 'an empty phrase');
      return { kind: 'fulltext', value: term.value };
    }
    if (term.field === '*' && term.value === '*' && term.star) return { kind: 'any' };
    if (!FIELD_NAME.test(term.field))
      throw this.fail(term.pos, `an invalid field name "${term.field.slice(0, 60)}"`);
    const field = checkField(ctx, term.field, path);
    if (term.quoted) return { kind: 'compare', op: 'eq', field, value: term.value };
    if (term.star) {
      if (term.literalStar) throw this.fail(term.pos, 'both escaped and wildcard * in one value');
      if (term.value === '*') return { kind: 'has', field };
      return starFilter(ctx, field, term.value, path, 'eq');
    }
    if (!term.escaped) {
      if (term.value === 'true' || term.value === 'false') {
        return { kind: 'compare', op: 'eq', field, value: term.value === 'true' };
      }
      if (NUMBER.test(term.value)) {
        const value = Number(term.value);
        return { kind: 'compare', op: 'eq', field, value: value === 0 ? 0 : value };
      }
    }
    return { kind: 'compare', op: 'eq', field, value: term.value };
  }
}
