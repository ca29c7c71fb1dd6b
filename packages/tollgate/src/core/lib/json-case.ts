/** Keys whose values are the app's own data and are passed through untouched. */
const OPAQUE = new Set(['metadata', 'properties']);

// The API's keys are a small fixed set (the library's field names): each is converted once.
const snakeCache = new Map<string, string>();
const SNAKE_CACHE_LIMIT = 2_000;

/** `idempotencyKey` -> `idempotency_key`. */
export function snakeCase(key: string): string {
  let out = snakeCache.get(key);
  if (out === undefined) {
    out = key.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
    if (snakeCache.size < SNAKE_CACHE_LIMIT) snakeCache.set(key, out);
  }
  return out;
}

/**
 * A field path (`events[2].idempotencyKey`) as the HTTP API spells it
 * (`events.2.idempotency_key`, as the edge's own checks name it); the app's
 * own keys under `metadata` or `properties` are left as they are.
 */
export function snakeParam(param: string): string {
  // A header (`Stripe-Signature`; the API's fields never start upper case) is already spelled as the request spells it.
  if (/^[A-Z]/.test(param)) return param;
  const parts = param.replace(/\[(\d+)\]/g, '.$1').split('.');
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i]!.replace(/\[.*$/, '');
    parts[i] = snakeCase(parts[i]!);
    if (OPAQUE.has(name)) break;
  }
  return parts.join('.');
}

/**
 * The HTTP API speaks snake_case (as Stripe and the seed teams' APIs do); the
 * library speaks camelCase. Responses are converted here, once, at the edge.
 */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[snakeCase(key)] = OPAQUE.has(key) ? inner : snakeKeys(inner);
  return out;
}

/** `idempotency_key` -> `idempotencyKey`, as a type. */
export type CamelName<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelName<Tail>>}` : S;

/** A parsed request (snake_case) as the library's input (camelCase); the app's own `metadata` and `properties` as they are. */
export type CamelKeys<T> = T extends Date
  ? T
  : T extends readonly (infer Item)[]
    ? CamelKeys<Item>[]
    : T extends object
      ? { [K in keyof T as K extends string ? CamelName<K> : K]: K extends 'metadata' | 'properties' ? T[K] : CamelKeys<T[K]> }
      : T;

const camelCache = new Map<string, string>();

/** `idempotency_key` -> `idempotencyKey`. */
export function camelCase(key: string): string {
  let out = camelCache.get(key);
  if (out === undefined) {
    out = key.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
    if (camelCache.size < SNAKE_CACHE_LIMIT) camelCache.set(key, out);
  }
  return out;
}

/**
 * The other direction of `snakeKeys`, for requests: a body or query the edge
 * has parsed becomes the operation's input. The one place the HTTP edge turns
 * the API's names into the library's.
 */
export function camelKeys<T>(value: T): CamelKeys<T> {
  return camelValue(value) as CamelKeys<T>;
}

function camelValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelValue);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[camelCase(key)] = OPAQUE.has(key) ? inner : camelValue(inner);
  return out;
}
