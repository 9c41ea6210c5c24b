/**
 * STIX 2.1 patterning (spec part 9), parsed far enough to check an indicator's pattern and to read
 * the comparisons out of it: observation expressions `[ … ]` joined by AND, OR and FOLLOWEDBY,
 * with qualifiers (WITHIN n SECONDS, REPEATS n TIMES, START t'…' STOP t'…'); comparisons
 * `<object path> <operator> <constant>` joined by AND and OR, NOT allowed before the operator;
 * constants: strings, integers, floats, booleans, t'timestamp', h'hex', b'base64' and lists.
 */

export interface PatternComparison {
  /** The object type (`ipv4-addr`). */
  objectType: string;
  /** The property path after the colon (`value`, `hashes.'SHA-256'`). */
  path: string;
  operator: string;
  negated: boolean;
  /** The constant compared with, as written (strings unquoted and unescaped). */
  value: string | number | boolean | (string | number | boolean)[];
}

export class PatternError extends Error {}

type Token =
  | { kind: 'punct'; text: string; at: number }
  | { kind: 'word'; text: string; at: number }
  | { kind: 'string'; text: string; prefix: '' | 't' | 'h' | 'b'; at: number }
  | { kind: 'number'; text: string; at: number };

const OPERATORS = new Set([
  '=',
  '!=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  'IN',
  'LIKE',
  'MATCHES',
  'ISSUBSET',
  'ISSUPERSET',
]);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const prefixed = /[thb]/.test(c) && pattern[i + 1] === "'";
    if (c === "'" || prefixed) {
      const at = i;
      const prefix = prefixed ? (c as 't' | 'h' | 'b') : '';
      i += prefixed ? 2 : 1;
      let text = '';
      for (;;) {
        if (i >= pattern.length) throw new PatternError(`unterminated string at ${at}`);
        const d = pattern[i]!;
        if (d === '\\') {
          const next = pattern[i + 1];
          if (next !== "'" && next !== '\\') throw new PatternError(`bad escape \\${next ?? ''} at ${i}`);
          text += next;
          i += 2;
          continue;
        }
        if (d === "'") {
          i++;
          break;
        }
        text += d;
        i++;
      }
      tokens.push({ kind: 'string', text, prefix, at });
      continue;
    }
    const two = pattern.slice(i, i + 2);
    if (['!=', '<=', '>=', '<>'].includes(two)) {
      tokens.push({ kind: 'punct', text: two, at: i });
      i += 2;
      continue;
    }
    if ('[]()=<>,:.*'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, at: i });
      i++;
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(pattern.slice(i));
    if (number && (c === '-' || /\d/.test(c))) {
      tokens.push({ kind: 'number', text: number[0], at: i });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(pattern.slice(i));
    if (word) {
      tokens.push({ kind: 'word', text: word[0], at: i });
      i += word[0].length;
      continue;
    }
    throw new PatternError(`unexpected character ${JSON.stringify(c)} at ${i}`);
  }
  return tokens;
}

class Parser {
  private i = 0;
  private depth = 0;
  readonly comparisons: PatternComparison[] = [];

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(what: string): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new PatternError(`the pattern ends where ${what} was expected`);
    return t;
  }

  private isWord(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'word' && t.text.toUpperCase() === text;
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'punct' && t.text === text;
  }

  private expectPunct(text: string): void {
    const t = this.next(`'${text}'`);
    if (t.kind !== 'punct' || t.text !== text)
      throw new PatternError(`'${text}' expected at ${t.at}, found ${JSON.stringify(t.text)}`);
  }

  parse(): void {
    if (this.tokens.length === 0) throw new PatternError('the pattern is empty');
    this.observationExpression();
    const rest = this.peek();
    if (rest) throw new PatternError(`unexpected ${JSON.stringify(rest.text)} at ${rest.at}`);
  }

  /** observations joined by AND / OR / FOLLOWEDBY, each possibly qualified. */
  private observationExpression(): void {
    this.qualifiedObservation();
    while (this.isWord('AND') || this.isWord('OR') || this.isWord('FOLLOWEDBY')) {
      this.i++;
      this.qualifiedObservation();
    }
  }

  private nest(at: number): void {
    if (++this.depth > 32) throw new PatternError(`parentheses nested deeper than 32 at ${at}`);
  }

  private qualifiedObservation(): void {
    if (this.isPunct('(')) {
      this.nest(this.next('(').at);
      this.observationExpression();
      this.expectPunct(')');
      this.depth--;
    } else {
      this.expectPunct('[');
      this.comparisonExpression();
      this.expectPunct(']');
    }
    for (;;) {
      if (this.isWord('WITHIN')) {
        this.i++;
        this.positiveNumber('WITHIN');
        this.keyword('SECONDS');
      } else if (this.isWord('REPEATS')) {
        this.i++;
        this.positiveNumber('REPEATS');
        this.keyword('TIMES');
      } else if (this.isWord('START')) {
        this.i++;
        this.timestamp('START');
        this.keyword('STOP');
        this.timestamp('STOP');
      } else return;
    }
  }

  private keyword(text: string): void {
    const t = this.next(text);
    if (t.kind !== 'word' || t.text.toUpperCase() !== text)
      throw new PatternError(`${text} expected at ${t.at}, found ${JSON.stringify(t.text)}`);
  }

  private positiveNumber(after: string): void {
    const t = this.next(`a number after ${after}`);
    if (t.kind !== 'number' || !(Number(t.text) > 0))
      throw new PatternError(`a positive number expected after ${after} at ${t.at}`);
  }

  private timestamp(after: string): void {
    const t = this.next(`a timestamp after ${after}`);
    if (t.kind !== 'string' || t.prefix !== 't' || !TIMESTAMP.test(t.text))
      throw new PatternError(`a timestamp t'YYYY-MM-DDTHH:MM:SSZ' expected after ${after} at ${t.at}`);
  }

  private comparisonExpression(): void {
    this.comparisonTerm();
    while (this.isWord('AND') || this.isWord('OR')) {
      this.i++;
      this.comparisonTerm();
    }
  }

  private comparisonTerm(): void {
    if (this.isPunct('(')) {
      this.nest(this.next('(').at);
      this.comparisonExpression();
      this.expectPunct(')');
      this.depth--;
      return;
    }
    this.comparison();
  }

  private comparison(): void {
    const type = this.next('an object type');
    if (type.kind !== 'word' || !/^[a-z0-9][a-z0-9-]*$/.test(type.text))
      throw new PatternError(`an object type (like ipv4-addr) expected at ${type.at}`);
    this.expectPunct(':');
    const path = this.objectPath();
    let negated = false;
    if (this.isWord('NOT')) {
      negated = true;
      this.i++;
    }
    const op = this.next('a comparison operator');
    const operator = op.text.toUpperCase();
    if (!(op.kind === 'punct' || op.kind === 'word') || !OPERATORS.has(operator))
      throw new PatternError(`a comparison operator expected at ${op.at}, found ${JSON.stringify(op.text)}`);
    const value = operator === 'IN' ? this.list() : this.constant();
    this.comparisons.push({ objectType: type.text, path, operator, negated, value });
  }

  private objectPath(): string {
    const first = this.next('a property name');
    if (first.kind !== 'word' && first.kind !== 'string')
      throw new PatternError(`a property name expected at ${first.at}`);
    let path = first.kind === 'string' ? `'${first.text}'` : first.text;
    for (;;) {
      if (this.isPunct('.')) {
        this.i++;
        const part = this.next('a property name');
        if (part.kind === 'word') path += `.${part.text}`;
        else if (part.kind === 'string') path += `.'${part.text}'`;
        else throw new PatternError(`a property name expected at ${part.at}`);
      } else if (this.isPunct('[')) {
        this.i++;
        const index = this.next('a list index');
        if (!(index.kind === 'number' || (index.kind === 'punct' && index.text === '*')))
          throw new PatternError(`a list index or * expected at ${index.at}`);
        this.expectPunct(']');
        path += `[${index.text}]`;
      } else return path;
    }
  }

  private constant(): string | number | boolean {
    const t = this.next('a constant');
    if (t.kind === 'number') return Number(t.text);
    if (t.kind === 'word' && /^(true|false)$/i.test(t.text)) return t.text.toLowerCase() === 'true';
    if (t.kind === 'string') {
      if (t.prefix === 't' && !TIMESTAMP.test(t.text))
        throw new PatternError(`t'${t.text}' at ${t.at} is not a STIX timestamp`);
      if (t.prefix === 'h' && !/^([0-9a-fA-F]{2})*$/.test(t.text))
        throw new PatternError(`h'${t.text}' at ${t.at} is not hexadecimal`);
      if (t.prefix === 'b' && !/^[A-Za-z0-9+/]*={0,2}$/.test(t.text))
        throw new PatternError(`b'…' at ${t.at} is not base64`);
      return t.text;
    }
    throw new PatternError(`a constant expected at ${t.at}, found ${JSON.stringify(t.text)}`);
  }

  private list(): (string | number | boolean)[] {
    this.expectPunct('(');
    const out = [this.constant()];
    while (this.isPunct(',')) {
      this.i++;
      out.push(this.constant());
    }
    this.expectPunct(')');
    return out;
  }
}

/** The comparisons of a STIX pattern; a PatternError says where the syntax is wrong. */
export function parseStixPattern(pattern: string): PatternComparison[] {
  if (pattern.length > 65_536) throw new PatternError('the pattern is longer than 65536 characters');
  const parser = new Parser(tokenize(pattern));
  parser.parse();
  return parser.comparisons;
}
