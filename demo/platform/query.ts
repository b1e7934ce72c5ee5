/**
 * The query endpoint's language: a documented subset of the SQL that bimU.io's `runModelDataQuery` sends.
 *
 * ```
 * query     := SELECT columns FROM ModelDatabase [WHERE condition] [LIMIT n] [;]
 * columns   := * | item {, item}
 * item      := expr [AS alias]                       alias: word or "quoted"
 * expr      := column | CAST(column AS FLOAT|INTEGER|BOOL|STRING)
 * column    := word | "Group:Name"                    e.g. "IFC:Type", "Dimensions:Height", ElementIndex
 * condition := predicate {AND predicate}
 * predicate := expr op literal                        op: = <> != > < >= <=
 *            | expr [NOT] IN (literal {, literal})
 *            | expr [NOT] LIKE 'pattern'              % and _ wildcards, case-insensitive
 *            | expr IS [NOT] NULL
 * literal   := 'text' ('' escapes a quote) | number
 * ```
 * Keywords are case-insensitive. This is what the SDK's `getElementDataByQuery` and `PropertyFilter` /
 * `PropertySelector` produce, minus aggregates, BETWEEN and OR, which answer 400. Inside `IN (…)` a
 * `"double-quoted"` item is read as text, because the SDK's `PropertyFilter` writes its IN lists that way.
 *
 * Columns: `ElementIndex`, `ElementId`, `UniqueId` and every property as `"Group:Name"`; an unqualified word
 * also matches a property by its name alone (`Level` is `"Constraints:Level"`). A column no element has reads as
 * NULL rather than failing, because BIM property sets differ between elements and the real service cannot know
 * every name either.
 */
import type { ModelElement } from './models/generate.js';
import { BUILTIN_COLUMNS, elementProperties, PROPERTY_COLUMNS } from './models/properties.js';

export const QUERY_TABLE = 'ModelDatabase';
/** Beyond this many tokens a query is refused before parsing (the body limit alone allows 1 MB of them). */
export const MAX_QUERY_TOKENS = 5000;
export const MAX_LIMIT = 1_000_000;

export class QuerySyntaxError extends Error {
  override name = 'QuerySyntaxError';
}
export class QueryTimeoutError extends Error {
  override name = 'QueryTimeoutError';
}
export class QueryTooLargeError extends Error {
  override name = 'QueryTooLargeError';
}

type Value = string | number | boolean | null;
type Getter = (element: ModelElement) => Value;
type CastType = 'FLOAT' | 'INTEGER' | 'BOOL' | 'STRING';

interface Expr {
  /** The text a result row uses as the key when there is no alias. */
  readonly label: string;
  readonly get: Getter;
}

type Predicate = (element: ModelElement) => boolean;

export interface ParsedQuery {
  /** `null` for `*`. */
  readonly columns: readonly { readonly key: string; readonly get: Getter }[] | null;
  readonly where: readonly Predicate[];
  readonly limit: number | null;
}

// ---------------------------------------------------------------------------------------------------------
// Tokens

type Token =
  | { readonly kind: 'word'; readonly text: string; readonly at: number }
  | { readonly kind: 'quoted'; readonly text: string; readonly at: number }
  | { readonly kind: 'string'; readonly text: string; readonly at: number }
  | { readonly kind: 'number'; readonly value: number; readonly at: number }
  | { readonly kind: 'symbol'; readonly text: string; readonly at: number };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    if (tokens.length > MAX_QUERY_TOKENS) throw new QuerySyntaxError('The query is too long.');
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < source.length && /[A-Za-z0-9_]/.test(source[j]!)) j++;
      tokens.push({ kind: 'word', text: source.slice(i, j), at });
      i = j;
      continue;
    }
    if (
      /[0-9]/.test(c) ||
      (c === '-' && /[0-9.]/.test(source[i + 1] ?? '')) ||
      (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))
    ) {
      const match = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i, i + 64));
      if (!match) throw new QuerySyntaxError(`Malformed number at position ${at}.`);
      tokens.push({ kind: 'number', value: Number(match[0]), at });
      i += match[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= source.length)
          throw new QuerySyntaxError(
            `Unterminated ${c === "'" ? 'string' : 'quoted name'} at position ${at}.`,
          );
        if (source[j] === c) {
          if (source[j + 1] === c) {
            text += c;
            j += 2;
            continue;
          }
          break;
        }
        text += source[j];
        j++;
      }
      tokens.push({ kind: c === "'" ? 'string' : 'quoted', text, at });
      i = j + 1;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two === '<>' || two === '!=' || two === '>=' || two === '<=') {
      tokens.push({ kind: 'symbol', text: two, at });
      i += 2;
      continue;
    }
    if ('*,()=<>;'.includes(c)) {
      tokens.push({ kind: 'symbol', text: c, at });
      i++;
      continue;
    }
    throw new QuerySyntaxError(`Unexpected character at position ${at}.`);
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------------------
// Columns

const PROPERTY_GETTERS = new Map<string, Getter>();
{
  // Property values by column, computed from the element the same way /elements/{index} reports them.
  PROPERTY_COLUMNS.forEach((column, i) => {
    PROPERTY_GETTERS.set(column.toLowerCase(), (e) => elementProperties(e)[i]!.v);
  });
  // Cheaper direct getters for the columns queries use most.
  const direct: Record<string, Getter> = {
    'element:name': (e) => e.name,
    'element:category': (e) => e.category,
    'ifc:type': (e) => e.ifcType,
    'ifc:globalid': (e) => e.elementId,
    'constraints:level': (e) => e.level,
    'constraints:building': (e) => e.building,
    'materials:material': (e) => e.material,
    'dimensions:width': (e) => e.width,
    'dimensions:depth': (e) => e.depth,
    'dimensions:height': (e) => e.height,
    'dimensions:volume': (e) => e.volume,
  };
  for (const [key, get] of Object.entries(direct)) PROPERTY_GETTERS.set(key, get);
}

const BUILTIN_GETTERS: Record<string, Getter> = {
  elementindex: (e) => e.index,
  elementid: (e) => e.elementId,
  uniqueid: (e) => e.uniqueId,
};

function columnGetter(name: string, quoted: boolean): Getter {
  const lower = name.toLowerCase();
  const builtin = BUILTIN_GETTERS[lower];
  if (builtin) return builtin;
  const property = PROPERTY_GETTERS.get(lower);
  if (property) return property;
  if (!quoted || !lower.includes(':')) {
    const byName = PROPERTY_COLUMNS.find((column) => column.toLowerCase().endsWith(`:${lower}`));
    if (byName) return PROPERTY_GETTERS.get(byName.toLowerCase())!;
  }
  return () => null;
}

function cast(value: Value, type: CastType): Value {
  if (value === null) return null;
  switch (type) {
    case 'FLOAT': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) && String(value).trim() !== '' ? n : null;
    }
    case 'INTEGER': {
      const n = cast(value, 'FLOAT');
      return typeof n === 'number' ? Math.trunc(n) : null;
    }
    case 'BOOL':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number') return value !== 0;
      return /^(true|yes|1)$/i.test(value) ? true : /^(false|no|0)$/i.test(value) ? false : null;
    case 'STRING':
      return String(value);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Parser

class Parser {
  private position = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly sourceLength: number,
  ) {}

  parse(): ParsedQuery {
    this.keyword('SELECT');
    let columns: { key: string; get: Getter }[] | null = null;
    if (this.peekSymbol('*')) {
      this.position++;
    } else {
      columns = [this.selectItem()];
      while (this.peekSymbol(',')) {
        this.position++;
        columns.push(this.selectItem());
      }
    }
    this.keyword('FROM');
    const table = this.next('a table name');
    if (
      (table.kind !== 'word' && table.kind !== 'quoted') ||
      table.text.toLowerCase() !== QUERY_TABLE.toLowerCase()
    ) {
      throw new QuerySyntaxError(`Only ${QUERY_TABLE} can be queried (position ${table.at}).`);
    }
    const where: Predicate[] = [];
    if (this.peekKeyword('WHERE')) {
      this.position++;
      where.push(this.predicate());
      while (this.peekKeyword('AND')) {
        this.position++;
        where.push(this.predicate());
      }
      if (this.peekKeyword('OR')) throw new QuerySyntaxError('OR is not supported; split the query instead.');
    }
    let limit: number | null = null;
    if (this.peekKeyword('LIMIT')) {
      this.position++;
      const token = this.next('a limit');
      if (
        token.kind !== 'number' ||
        !Number.isInteger(token.value) ||
        token.value < 0 ||
        token.value > MAX_LIMIT
      ) {
        throw new QuerySyntaxError(
          `LIMIT needs a whole number from 0 to ${MAX_LIMIT} (position ${token.at}).`,
        );
      }
      limit = token.value;
    }
    if (this.peekSymbol(';')) this.position++;
    if (this.position < this.tokens.length) {
      throw new QuerySyntaxError(`Unexpected text at position ${this.tokens[this.position]!.at}.`);
    }
    return { columns, where, limit };
  }

  private selectItem(): { key: string; get: Getter } {
    const expr = this.expr();
    if (this.peekKeyword('AS')) {
      this.position++;
      const alias = this.next('an alias');
      if (alias.kind !== 'word' && alias.kind !== 'quoted')
        throw new QuerySyntaxError(`Expected an alias at position ${alias.at}.`);
      return { key: alias.text, get: expr.get };
    }
    return { key: expr.label, get: expr.get };
  }

  private expr(): Expr {
    const token = this.next('a column');
    if (token.kind === 'word' && token.text.toUpperCase() === 'CAST' && this.peekSymbol('(')) {
      this.position++;
      const inner = this.column();
      this.keyword('AS');
      const typeToken = this.next('a type');
      const type = typeToken.kind === 'word' ? typeToken.text.toUpperCase() : '';
      if (type !== 'FLOAT' && type !== 'INTEGER' && type !== 'BOOL' && type !== 'STRING') {
        throw new QuerySyntaxError(
          `CAST supports FLOAT, INTEGER, BOOL and STRING (position ${typeToken.at}).`,
        );
      }
      this.symbol(')');
      return { label: `CAST(${inner.label} AS ${type})`, get: (e) => cast(inner.get(e), type) };
    }
    if (token.kind === 'word' && this.peekSymbol('(')) {
      throw new QuerySyntaxError(`Functions and aggregates are not supported (position ${token.at}).`);
    }
    this.position--;
    return this.column();
  }

  private column(): Expr {
    const token = this.next('a column');
    if (token.kind === 'quoted') return { label: token.text, get: columnGetter(token.text, true) };
    if (token.kind === 'word' && !RESERVED.has(token.text.toUpperCase())) {
      return { label: token.text, get: columnGetter(token.text, false) };
    }
    throw new QuerySyntaxError(`Expected a column at position ${token.at}.`);
  }

  private predicate(): Predicate {
    if (this.peekSymbol('(')) throw new QuerySyntaxError('Parentheses in conditions are not supported.');
    const { get } = this.expr();
    const token = this.next('an operator');
    if (token.kind === 'symbol' && ['=', '<>', '!=', '>', '<', '>=', '<='].includes(token.text)) {
      const literal = this.literal(false);
      return (e) => compare(get(e), token.text, literal);
    }
    if (token.kind === 'word') {
      const word = token.text.toUpperCase();
      const negated = word === 'NOT';
      const operator = negated ? this.next('IN or LIKE') : token;
      const op = operator.kind === 'word' ? operator.text.toUpperCase() : '';
      if (op === 'IN') {
        this.symbol('(');
        const values = [this.literal(true)];
        while (this.peekSymbol(',')) {
          this.position++;
          values.push(this.literal(true));
        }
        this.symbol(')');
        return (e) => {
          const value = get(e);
          if (value === null) return false;
          return values.some((literal) => compare(value, '=', literal)) !== negated;
        };
      }
      if (op === 'LIKE') {
        const pattern = this.literal(false);
        if (typeof pattern !== 'string')
          throw new QuerySyntaxError(`LIKE needs a text pattern (position ${operator.at}).`);
        const regex = likeToRegExp(pattern);
        return (e) => {
          const value = get(e);
          return value !== null && regex.test(String(value)) !== negated;
        };
      }
      if (!negated && word === 'IS') {
        const not = this.peekKeyword('NOT');
        if (not) this.position++;
        this.keyword('NULL');
        return (e) => (get(e) === null) !== not;
      }
      if (word === 'BETWEEN')
        throw new QuerySyntaxError('BETWEEN is not supported; use >= and <= joined by AND.');
    }
    throw new QuerySyntaxError(`Expected an operator at position ${token.at}.`);
  }

  private literal(inList: boolean): string | number {
    const token = this.next('a value');
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return token.value;
    if (inList && token.kind === 'quoted') return token.text;
    throw new QuerySyntaxError(`Expected a value at position ${token.at}.`);
  }

  private next(what: string): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new QuerySyntaxError(`Expected ${what} at position ${this.sourceLength}.`);
    return token;
  }

  private keyword(word: string): void {
    const token = this.next(word);
    if (token.kind !== 'word' || token.text.toUpperCase() !== word) {
      throw new QuerySyntaxError(`Expected ${word} at position ${token.at}.`);
    }
  }

  private symbol(symbol: string): void {
    const token = this.next(`"${symbol}"`);
    if (token.kind !== 'symbol' || token.text !== symbol) {
      throw new QuerySyntaxError(`Expected "${symbol}" at position ${token.at}.`);
    }
  }

  private peekKeyword(word: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === 'word' && token.text.toUpperCase() === word;
  }

  private peekSymbol(symbol: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === 'symbol' && token.text === symbol;
  }
}

const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'IS',
  'NULL',
  'LIMIT',
  'AS',
  'BETWEEN',
]);

function compare(value: Value, op: string, literal: string | number): boolean {
  if (value === null) return false;
  let left: string | number | boolean = value;
  let right: string | number = literal;
  if (typeof literal === 'number') {
    // A number literal compares numerically; a value that is not a number never matches it.
    const n =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && value.trim() !== ''
          ? Number(value)
          : NaN;
    if (Number.isNaN(n)) return false;
    left = n;
  } else {
    left = String(value);
    right = literal;
  }
  switch (op) {
    case '=':
      return left === right;
    case '<>':
    case '!=':
      return left !== right;
    case '>':
      return left > right;
    case '<':
      return left < right;
    case '>=':
      return left >= right;
    case '<=':
      return left <= right;
    default:
      return false;
  }
}

function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (const c of pattern) {
    if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

// ---------------------------------------------------------------------------------------------------------
// Public API

export function parseQuery(source: string): ParsedQuery {
  return new Parser(tokenize(source), source.length).parse();
}

export interface RunOptions {
  /** `performance.now()` value after which evaluation stops with {@link QueryTimeoutError}. */
  readonly deadline?: number;
  /**
   * Largest response, in UTF-16 code units of the formatted rows (an upper bound of nothing smaller than the
   * UTF-8 bytes for ASCII data); past it evaluation stops with {@link QueryTooLargeError} instead of building a
   * huge result first.
   */
  readonly maxLength?: number;
}

/** Evaluates a parsed query over `elements`. Checks the deadline as it goes, so a slow query ends promptly. */
export function runQuery(
  query: ParsedQuery,
  elements: readonly ModelElement[],
  options: RunOptions = {},
): Record<string, unknown>[] {
  const deadline = options.deadline ?? Infinity;
  const maxLength = options.maxLength ?? Infinity;
  const rows: Record<string, unknown>[] = [];
  let length = 0;
  if (query.limit === 0) return rows;
  for (let i = 0; i < elements.length; i++) {
    if ((i & 63) === 0 && performance.now() >= deadline) throw new QueryTimeoutError('Query timed out.');
    const element = elements[i]!;
    if (!query.where.every((predicate) => predicate(element))) continue;
    const row = project(query, element);
    if (maxLength !== Infinity) {
      length += JSON.stringify(row).length + 1;
      if (length > maxLength) throw new QueryTooLargeError('Query result too large.');
    }
    rows.push(row);
    if (query.limit !== null && rows.length >= query.limit) break;
  }
  if (performance.now() >= deadline) throw new QueryTimeoutError('Query timed out.');
  return rows;
}

function project(query: ParsedQuery, element: ModelElement): Record<string, unknown> {
  // Rows have no prototype, so an alias such as "__proto__" is just a key like any other.
  const row = Object.create(null) as Record<string, unknown>;
  if (query.columns === null) {
    for (const column of BUILTIN_COLUMNS) row[column] = BUILTIN_GETTERS[column.toLowerCase()]!(element);
    for (const property of elementProperties(element)) row[`${property.g}:${property.n}`] = property.v;
    return row;
  }
  for (const column of query.columns) row[column.key] = column.get(element);
  return row;
}

/** The response body: one JSON object per line, or `[]` when nothing matched (what the docs show). */
export function formatRows(rows: readonly Record<string, unknown>[]): string {
  return rows.length === 0 ? '[]' : rows.map((row) => JSON.stringify(row)).join('\n');
}
