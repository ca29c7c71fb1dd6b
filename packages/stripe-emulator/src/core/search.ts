import { invalidRequest } from '../errors.ts';

/** One `field:value` clause of Stripe's search query language. */
interface Clause {
  field: string;
  /** For `metadata['key']`. */
  key: string | null;
  op: ':' | '~' | '>' | '<' | '>=' | '<=';
  value: string;
  negate: boolean;
}

export interface SearchQuery {
  clauses: Clause[];
  join: 'AND' | 'OR';
}

function fail(message: string): never {
  throw invalidRequest(message, 'query');
}

/** Parses `email:'a@b.co' AND metadata['plan']:'pro'` (clauses joined by all-AND or all-OR). */
export function parseSearchQuery(query: string): SearchQuery {
  const clauses: Clause[] = [];
  const joins = new Set<'AND' | 'OR'>();
  let i = 0;
  const skipSpace = () => {
    while (query[i] === ' ') i++;
  };
  const readQuoted = (): string => {
    const quote = query[i];
    if (quote !== "'" && quote !== '"') fail(`Invalid query: expected a quoted value at position ${i}.`);
    const end = query.indexOf(quote, i + 1);
    if (end === -1) fail('Invalid query: unterminated string.');
    const value = query.slice(i + 1, end);
    i = end + 1;
    return value;
  };
  skipSpace();
  while (i < query.length) {
    const negate = query[i] === '-';
    if (negate) i++;
    let field = '';
    while (i < query.length && /[a-z_.]/.test(query[i]!)) field += query[i++];
    if (!field) fail(`Invalid query: expected a field name at position ${i}.`);
    let key: string | null = null;
    if (query[i] === '[') {
      i++;
      key = readQuoted();
      if (query[i] !== ']') fail('Invalid query: expected ].');
      i++;
    }
    let op: Clause['op'];
    if (query.startsWith('>=', i) || query.startsWith('<=', i)) {
      op = query.slice(i, i + 2) === '>=' ? '>=' : '<=';
      i += 2;
    } else if (query[i] === ':' || query[i] === '~' || query[i] === '>' || query[i] === '<') {
      op = query[i] as Clause['op'];
      i++;
    } else fail(`Invalid query: expected ':' after ${field}.`);
    let value: string;
    if (query[i] === "'" || query[i] === '"') value = readQuoted();
    else {
      const start = i;
      while (i < query.length && query[i] !== ' ') i++;
      value = query.slice(start, i);
      if (value === '') fail(`Invalid query: expected a value for ${field}.`);
    }
    clauses.push({ field, key, op, value, negate });
    skipSpace();
    if (i >= query.length) break;
    const word = query.slice(i, i + 3).toUpperCase();
    if (word.startsWith('OR ')) {
      joins.add('OR');
      i += 2;
    } else if (word === 'AND') {
      joins.add('AND');
      i += 3;
    } else fail(`Invalid query: expected AND or OR at position ${i}.`);
    skipSpace();
  }
  if (clauses.length === 0) fail('Invalid query: the query is empty.');
  if (joins.size > 1) fail('Invalid query: AND and OR cannot be combined in one query.');
  return { clauses, join: joins.has('OR') ? 'OR' : 'AND' };
}

/** Field values of an object, as the query language sees them. */
export type FieldReader<T> = (item: T, field: string, key: string | null) => string | number | null | undefined;

function matchClause<T>(item: T, clause: Clause, read: FieldReader<T>): boolean {
  const actual = read(item, clause.field, clause.key);
  let hit: boolean;
  if (actual === undefined) fail(`Field '${clause.field}' is an unsupported search field.`);
  if (actual === null) hit = false;
  else if (clause.op === ':') hit = String(actual).toLowerCase() === clause.value.toLowerCase();
  else if (clause.op === '~') hit = String(actual).toLowerCase().includes(clause.value.toLowerCase());
  else {
    const a = Number(actual);
    const b = Number(clause.value);
    hit = clause.op === '>' ? a > b : clause.op === '<' ? a < b : clause.op === '>=' ? a >= b : a <= b;
  }
  return clause.negate ? !hit : hit;
}

export function matches<T>(item: T, query: SearchQuery, read: FieldReader<T>): boolean {
  return query.join === 'AND' ? query.clauses.every((c) => matchClause(item, c, read)) : query.clauses.some((c) => matchClause(item, c, read));
}

export interface SearchPage<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
}

/** One page of search results; `page` is the opaque token from `next_page`. */
export function searchPage<T>(items: T[], limit: number | undefined, page: string | undefined, url: string): SearchPage<T> {
  const size = limit ?? 10;
  const offset = page === undefined ? 0 : Number.parseInt(Buffer.from(page, 'base64url').toString('utf8'), 10);
  if (!Number.isInteger(offset) || offset < 0) throw invalidRequest('Invalid page token.', 'page');
  const data = items.slice(offset, offset + size);
  const more = offset + size < items.length;
  return { object: 'search_result', data, has_more: more, next_page: more ? Buffer.from(String(offset + size)).toString('base64url') : null, url };
}
