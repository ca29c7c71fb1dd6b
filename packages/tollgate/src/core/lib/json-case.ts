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
