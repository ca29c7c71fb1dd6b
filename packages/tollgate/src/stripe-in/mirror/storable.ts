/**
 * What Postgres cannot store: `text` and `jsonb` refuse NUL (U+0000), and
 * `jsonb` refuses a lone UTF-16 surrogate (`\ud800` without its pair). A
 * Stripe object may carry either (metadata is free text), and one such object
 * must not stop the mirror: each offending character is replaced by U+FFFD
 * (the Unicode replacement character) and the paths of the strings that
 * changed are reported, so the caller can record why.
 */
export const REPLACEMENT = '\ufffd';

/** A NUL, or a surrogate half (paired or not: the replace below keeps pairs). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const SUSPECT = /[\u0000\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex -- NUL is exactly what is replaced
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The string with NULs and lone surrogates replaced (the same string when there are none). */
export function storableString(value: string): string {
  if (!SUSPECT.test(value)) return value;
  return value.replace(UNSTORABLE, REPLACEMENT);
}

export interface Storable<T> {
  /** `value` itself when nothing changed; otherwise a copy with the offending strings replaced. */
  value: T;
  /** Paths of the strings (or keys) that changed, e.g. `metadata.note`; empty when none did. */
  altered: string[];
}

/**
 * A JSON-like value made storable. Copies only the objects on the way to a
 * changed string; everything else is shared. An SDK object's
 * non-enumerable `lastResponse` (the response's Date header orders it) is
 * carried over to the copy.
 */
export function storable<T>(value: T): Storable<T> {
  const altered: string[] = [];
  const out = clean(value, '', altered) as T;
  if (out !== value && typeof value === 'object' && value !== null && 'lastResponse' in value) {
    Object.defineProperty(out, 'lastResponse', { value: (value as { lastResponse: unknown }).lastResponse, enumerable: false });
  }
  return { value: out, altered };
}

function join(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

function clean(value: unknown, path: string, altered: string[]): unknown {
  if (typeof value === 'string') {
    const next = storableString(value);
    if (next !== value) altered.push(path || '(value)');
    return next;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const list: readonly unknown[] = value;
    let copy: unknown[] | undefined;
    list.forEach((item, i) => {
      const next = clean(item, join(path, i), altered);
      if (next !== item) (copy ??= [...list])[i] = next;
    });
    return copy ?? list;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const safeKey = storableString(key);
    const next = clean(item, join(path, safeKey), altered);
    if (safeKey !== key) {
      altered.push(`${join(path, safeKey)} (key)`);
      copy ??= { ...(value as Record<string, unknown>) };
      delete copy[key];
      copy[safeKey] = next;
    } else if (next !== item) {
      (copy ??= { ...(value as Record<string, unknown>) })[key] = next;
    }
  }
  return copy ?? value;
}

/**
 * Whether a JSON text may hold what `storable` replaces: a `\u0000` escape or
 * an escaped surrogate (JSON text cannot hold a raw NUL, and decoded UTF-8
 * cannot hold a lone surrogate). False means the parsed value is storable
 * as it is; true may be a false alarm (an escaped backslash), which the walk
 * then finds clean.
 */
export function mayNeedCleaning(json: string): boolean {
  return /\\u(0000|d[89a-f])/i.test(json);
}

/** One line for a ledger note or a log: which strings were altered to store the object. */
export function alteredNote(altered: string[]): string {
  const shown = altered.slice(0, 10).join(', ');
  const more = altered.length > 10 ? ` and ${altered.length - 10} more` : '';
  return `stored with ${altered.length} string(s) altered (NUL or lone surrogate replaced by U+FFFD, which Postgres cannot store): ${shown}${more}`;
}
