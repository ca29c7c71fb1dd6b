/** Keys whose values are the app's own data and are passed through untouched. */
const OPAQUE = new Set(['metadata', 'properties']);

const snake = (key: string) => key.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);

/**
 * The HTTP API speaks snake_case (as Stripe and the seed teams' APIs do); the
 * library speaks camelCase. Responses are converted here, once, at the edge.
 */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[snake(key)] = OPAQUE.has(key) ? inner : snakeKeys(inner);
  return out;
}
