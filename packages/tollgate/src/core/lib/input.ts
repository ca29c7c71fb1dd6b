import { z } from 'zod';
import { type AppError, appError, TollgateError } from './errors.ts';

/*
 * The rules for untrusted input, in ONE place: what a string may hold, how
 * deep a JSON value may nest, which instants usage may carry. The HTTP edge
 * (server/register.ts) applies them to every body, query value and path id;
 * the library's own validators (usage, customers, checkout) call the same
 * functions; route schemas build their strings with `text()`. Anything that
 * reaches Postgres has passed here, so a bad value is a 400 naming its field,
 * never a 500 from the database, and two different strings never become one
 * (a lone surrogate would be stored as U+FFFD).
 */

/** Bounds shared by the edge and the library. */
export const INPUT_LIMITS = {
  /** Ids the app chooses: customers, idempotency keys, external ids. */
  id: 255,
  /** Config keys (plans, features, products). */
  key: 100,
  /** Free text such as a product name. */
  text: 500,
  url: 2048,
  email: 512,
  /** Nesting of a JSON request body (objects and arrays), counted from its root. */
  jsonDepth: 32,
} as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// ES2024's String.prototype.isWellFormed (Node 20+), with the regular expression as a fallback.
const nativeWellFormed = (String.prototype as unknown as { isWellFormed?: (this: string) => boolean }).isWellFormed;

function wellFormed(value: string): boolean {
  return nativeWellFormed ? nativeWellFormed.call(value) : !LONE_SURROGATE.test(value);
}

/**
 * What is wrong with a string Postgres must store exactly, or null: a NUL
 * (text and jsonb cannot hold one) or an unpaired UTF-16 surrogate (the
 * driver's UTF-8 encoder would turn it into U+FFFD, so two different strings
 * would collide).
 */
export function stringProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (!wellFormed(value)) return 'must not contain an unpaired UTF-16 surrogate';
  return null;
}

export interface TextRule {
  /** Longest accepted length in UTF-16 code units. */
  max: number;
  /** Shortest (default 1). */
  min?: number;
  /** Refuse a value that is only white space (default false). */
  notBlank?: boolean;
}

/** A string field: a string of `min`..`max` characters without NUL or lone surrogates, or the error naming `param`. */
export function checkText(value: unknown, param: string, rule: TextRule): AppError | null {
  const min = rule.min ?? 1;
  if (typeof value !== 'string') return appError('validation_failed', `${param} must be a string.`, param);
  if (value.length < min || (rule.notBlank === true && value.trim() === '')) {
    return appError('validation_failed', `${param} must be a non-empty string.`, param);
  }
  if (value.length > rule.max) return appError('validation_failed', `${param} must be at most ${rule.max} characters.`, param);
  const problem = stringProblem(value);
  return problem ? appError('validation_failed', `${param} ${problem}.`, param) : null;
}

/**
 * THE string of every input schema (operations and routes alike): `min`..`max`
 * characters, no NUL, no lone surrogate; `notBlank` also refuses a value that
 * is only white space.
 */
export function text(max: number, min = 1, options: { notBlank?: boolean } = {}) {
  const checked = z
    .string()
    .min(min)
    .max(max)
    .refine((value) => stringProblem(value) === null, { error: (issue) => `${stringProblem(String(issue.input)) ?? 'is not a valid string'}` });
  return options.notBlank === true ? checked.refine((value) => value.trim() !== '', { error: 'must be a non-empty string' }) : checked;
}

/** An app's id (customer, idempotency key): 1 to 255 characters, no NUL, no lone surrogate. */
export const idText = () => text(INPUT_LIMITS.id);

/** The app's id of a customer (or tenant) as operations take it: `idText`, and not blank. */
export const appId = () => text(INPUT_LIMITS.id, 1, { notBlank: true });

/** A count the app or customer chooses (seats, trial days, quantity): a whole number from 1 to `max`. */
export const count = (max: number) => z.number().int().min(1).max(max);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email address, as operations take it. */
export const emailAddress = () => text(INPUT_LIMITS.email).regex(EMAIL, { error: 'must be an email address' });

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** An absolute http(s) URL (a Checkout's success and cancel pages, a portal's return). */
export const httpUrl = () => text(INPUT_LIMITS.url).refine(isHttpUrl, { error: 'must be an absolute http(s) URL' });

/** A billing interval; operations default it (to `month`, or the subscription's own). */
export const billingInterval = () => z.enum(['month', 'year']);

/** A feature key from the config, as a request names it. */
export const featureKey = () => text(INPUT_LIMITS.key).describe('A feature key from the config, e.g. "messages"');

/** Units of usage: a whole number from `min` (1, or 0 where "none" means something) to 1,000,000,000. */
export const units = (min = 1) => z.number().int().min(min).max(1_000_000_000);

/** Seats of a per-seat plan (the plan's own bounds are checked against the config). */
export const seatCount = () => count(10_000);

/**
 * Walks a parsed JSON value (a request body, `properties`) and names the first
 * problem: nesting deeper than `maxDepth`, or a string (value or key) that
 * `stringProblem` refuses. The walk itself stops at `maxDepth`, so even a value
 * nested 100,000 deep costs nothing recursive. `path` is the field's name as
 * the API spells it (`events.3.properties`), `''` for a whole body.
 */
export function jsonProblem(value: unknown, path = '', maxDepth: number = INPUT_LIMITS.jsonDepth): AppError | null {
  // Strings first (most values are), and no path is built unless something is wrong: the check runs on every request.
  if (typeof value === 'string') return stringProblem(value) === null ? null : problemAt(path, [], value, maxDepth);
  if (typeof value !== 'object' || value === null) return null;
  const trail: (string | number)[] = [];
  return walk(value, trail, maxDepth) ? problemAt(path, trail, value, maxDepth) : null;
}

/** True when something below `value` is refused; `trail` then holds the keys down to it. */
function walk(value: object, trail: (string | number)[], maxDepth: number): boolean {
  if (trail.length >= maxDepth) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (refusedAt(value[i], i, trail, maxDepth)) return true;
    return false;
  }
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (stringProblem(key) !== null) return true;
    if (refusedAt((value as Record<string, unknown>)[key], key, trail, maxDepth)) return true;
  }
  return false;
}

/** True when `item`, at `key` of its parent, is a refused string or holds something refused; `trail` then ends with `key`. */
function refusedAt(item: unknown, key: string | number, trail: (string | number)[], maxDepth: number): boolean {
  if (typeof item === 'string') return stringProblem(item) !== null && trail.push(key) > 0;
  if (typeof item !== 'object' || item === null) return false;
  trail.push(key);
  if (walk(item, trail, maxDepth)) return true;
  trail.pop();
  return false;
}

/** The error for what `walk` found at the end of `trail`: too deep, a bad key, or a bad string. */
function problemAt(base: string, trail: (string | number)[], root: unknown, maxDepth: number): AppError {
  const path = [base, ...trail].filter((p) => p !== '').join('.');
  const name = path || 'body';
  let node: unknown = root;
  for (const key of trail) node = (node as Record<string | number, unknown>)[key];
  if (typeof node === 'string') return appError('validation_failed', `${name} ${stringProblem(node) ?? 'is not valid'}.`, path || undefined);
  if (trail.length >= maxDepth) return appError('validation_failed', `${name} is nested more than ${maxDepth} levels deep.`, path || undefined);
  return appError('validation_failed', `a key in ${path || 'the body'} must not contain a NUL or an unpaired UTF-16 surrogate.`, path || undefined);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes as UTF-8 text, refusing malformed UTF-8 (a lenient decoder would turn
 * it into U+FFFD, which a legitimate U+FFFD would then collide with). Throws
 * a TollgateError (400 `invalid_request`), as it is called where a Result
 * cannot travel (a request body being read).
 */
export function decodeUtf8(bytes: Uint8Array): string {
  const lenient = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // Only text that decoded to a replacement character can be malformed: the strict decode runs just then.
  if (!lenient.includes('\uFFFD')) return lenient;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new TollgateError(appError('invalid_request', 'the request body is not valid UTF-8'));
  }
}

/** True when a raw (still percent-encoded) query value or path segment does not decode to UTF-8 text (`%FF`, `%ED%A0%80`). */
export function badPercentEncoding(raw: string): boolean {
  if (!raw.includes('%')) return false;
  try {
    decodeURIComponent(raw.replace(/\+/g, ' '));
    return false;
  } catch {
    return true;
  }
}

/** Usage older than this is refused: Stripe refuses meter events older than 35 days, so it could never be billed. */
export const TIMESTAMP_MAX_AGE_MS = 35 * 24 * 3_600_000;
/** Usage may be dated a little ahead of the server's clock (clients' clocks drift). */
export const TIMESTAMP_MAX_AHEAD_MS = 5 * 60_000;
// A date, or a date-time with its zone (without one, JavaScript would read it in the server's local time).
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

/**
 * The instant usage happened: an ISO 8601 string, epoch milliseconds or a
 * Date, within [now - 35 days, now + 5 minutes]. Anything else (`0`, `-1`,
 * `0001-01-01`, `-8.64e15`, seconds instead of milliseconds, a date string
 * that is not ISO) is an error naming `param`.
 */
export function parseTimestamp(value: unknown, now: Date, param = 'timestamp'): Date | AppError {
  if (value === undefined) return now;
  let at: Date;
  if (value instanceof Date) at = new Date(value.getTime());
  else if (typeof value === 'number' && Number.isSafeInteger(value)) at = new Date(value);
  else if (typeof value === 'string' && value.length <= 40 && ISO_INSTANT.test(value)) at = new Date(value);
  else at = new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) {
    return appError('validation_failed', `${param} must be an ISO 8601 date-time or epoch milliseconds (an integer).`, param);
  }
  const delta = at.getTime() - now.getTime();
  if (delta > TIMESTAMP_MAX_AHEAD_MS) return appError('validation_failed', `${param} is more than 5 minutes in the future.`, param);
  if (-delta > TIMESTAMP_MAX_AGE_MS) {
    return appError(
      'validation_failed',
      `${param} is more than 35 days in the past: usage that old cannot be billed (Stripe refuses meter events older than 35 days).`,
      param,
    );
  }
  return at;
}
