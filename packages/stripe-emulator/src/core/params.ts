import { invalidRequest } from '../errors.ts';

/**
 * A small declarative parameter validator. Each endpoint declares its parameters once; the
 * validator turns form strings (or JSON values for /v2) into typed values and reports the
 * first problem as Stripe does, naming the parameter (`items[0][price]`).
 */
export interface Field<T> {
  readonly required: boolean;
  readonly parse: (value: unknown, path: string) => T;
}

export type Infer<F> = F extends Field<infer T> ? T : never;

type Shape = Record<string, Field<unknown>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K]['required'] extends true ? K : never }[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;
export type InferShape<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> };

function field<T>(parse: (value: unknown, path: string) => T): Field<T> & { required: false } {
  return { required: false, parse };
}

function invalid(path: string, message: string, code?: string): never {
  throw invalidRequest(message, path, code);
}

function str(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return invalid(path, `Invalid string: ${path} must be a string.`, 'parameter_invalid_string');
}

function int(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && value !== '' && /^-?\d+$/.test(value)) {
    const n = Number(value);
    if (Number.isSafeInteger(n)) return n;
  }
  return invalid(path, `Invalid integer: ${String(value)}`, 'parameter_invalid_integer');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ISO 4217 codes (as ICU knows them), lower-case as Stripe writes them.
const CURRENCIES = new Set(Intl.supportedValuesOf('currency').map((c) => c.toLowerCase()));

export const p = {
  /** A three-letter ISO currency code; answered lower-case. */
  currency: () =>
    field((value, path) => {
      const c = str(value, path).toLowerCase();
      if (!CURRENCIES.has(c))
        invalid(path, `Invalid currency: ${c}. Use a three-letter ISO currency code such as usd, eur or jpy.`, 'parameter_invalid_string');
      return c;
    }),
  string: (opts: { maxLength?: number; nonEmpty?: boolean } = {}) =>
    field((value, path) => {
      const s = str(value, path);
      if (opts.nonEmpty && s === '')
        invalid(
          path,
          `You passed an empty string for '${path}'. We assume empty values are an attempt to unset a parameter; however '${path}' cannot be unset. You should remove '${path}' from your request or supply a non-empty value.`,
          'parameter_invalid_empty',
        );
      if (opts.maxLength !== undefined && s.length > opts.maxLength)
        invalid(path, `Invalid ${path}: must be at most ${opts.maxLength} characters`, 'parameter_invalid_string');
      return s;
    }),
  int: (opts: { min?: number; max?: number } = {}) =>
    field((value, path) => {
      const n = int(value, path);
      if (opts.min !== undefined && n < opts.min) invalid(path, `Invalid ${path}: must be greater than or equal to ${opts.min}`, 'parameter_invalid_integer');
      if (opts.max !== undefined && n > opts.max) invalid(path, `Invalid ${path}: must be less than or equal to ${opts.max}`, 'parameter_invalid_integer');
      return n;
    }),
  /** Decimal string such as `unit_amount_decimal`. */
  decimal: () =>
    field((value, path) => {
      const s = str(value, path);
      if (!/^-?\d+(\.\d+)?$/.test(s)) invalid(path, `Invalid decimal: ${s}`, 'parameter_invalid_decimal');
      return s;
    }),
  bool: () =>
    field((value, path) => {
      if (value === true || value === 'true') return true;
      if (value === false || value === 'false') return false;
      return invalid(path, `Invalid boolean: ${String(value)}`, 'parameter_invalid_boolean');
    }),
  enum: <const V extends string>(values: readonly V[]) =>
    field((value, path): V => {
      const s = str(value, path);
      const found = values.find((v) => v === s);
      if (found === undefined) invalid(path, `Invalid ${path}: must be one of ${values.join(', ')}`);
      return found;
    }),
  /** A unix timestamp, or `now` when allowed. */
  timestamp: (opts: { now?: boolean } = {}) =>
    field((value, path): number | 'now' => {
      if (opts.now && value === 'now') return 'now';
      return int(value, path);
    }),
  metadata: () =>
    field((value, path) => {
      if (value === '') return {};
      if (!isRecord(value)) return invalid(path, `Invalid object: ${path} must be a hash of strings.`, 'parameter_invalid_object');
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(value)) out[k] = str(v, `${path}[${k}]`);
      return out;
    }),
  arr: <T>(item: Field<T>, opts: { max?: number } = {}) =>
    field((value, path): T[] => {
      let list: unknown[];
      if (Array.isArray(value)) list = value;
      else if (isRecord(value)) {
        const keys = Object.keys(value);
        for (const k of keys) if (!/^\d+$/.test(k)) invalid(`${path}[${k}]`, `Invalid array: ${path} must be an array.`, 'parameter_invalid_array');
        list = keys.sort((a, b) => Number(a) - Number(b)).map((k) => value[k]);
      } else if (value === '') list = [];
      else return invalid(path, `Invalid array: ${path} must be an array.`, 'parameter_invalid_array');
      if (opts.max !== undefined && list.length > opts.max) invalid(path, `Invalid ${path}: at most ${opts.max} entries allowed`, 'parameter_invalid_array');
      return list.map((v, i) => item.parse(v, `${path}[${i}]`));
    }),
  obj: <S extends Shape>(shape: S) => field((value, path): InferShape<S> => parseShape(shape, value, path)),
  /** Accepts `''` (Stripe's "unset this") besides the inner type. */
  emptyable: <T>(inner: Field<T>) => field((value, path): T | '' => (value === '' ? '' : inner.parse(value, path))),
  /** Either of two kinds (tried in order), e.g. a timestamp or a range object. */
  either: <A, B>(a: Field<A>, b: Field<B>) =>
    field((value, path): A | B => {
      try {
        return a.parse(value, path);
      } catch {
        return b.parse(value, path);
      }
    }),
  required: <T>(inner: Field<T>): Field<T> & { required: true } => ({ required: true, parse: inner.parse }),
};

/** Validates `value` against a shape: unknown keys, missing required keys, then each field. */
export function parseShape<S extends Shape>(shape: S, value: unknown, path = ''): InferShape<S> {
  const input: Record<string, unknown> =
    value === undefined || value === '' ? {} : isRecord(value) ? value : invalid(path, `Invalid object: ${path} must be a hash.`, 'parameter_invalid_object');
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    const name = path ? `${path}[${key}]` : key;
    const spec = shape[key];
    if (!spec) invalid(name, `Received unknown parameter: ${name}`, 'parameter_unknown');
    out[key] = spec.parse(input[key], name);
  }
  for (const key of Object.keys(shape)) {
    if (shape[key]!.required && input[key] === undefined) {
      const name = path ? `${path}[${key}]` : key;
      invalid(name, `Missing required param: ${name}.`, 'parameter_missing');
    }
  }
  // The shape guarantees each key's type; the record was built key by key from it.
  return out as InferShape<S>;
}

/**
 * The fields `keys` of a create shape, each optional: the shape of an update that takes
 * those fields as the create does (Stripe's `POST <object>/:id`).
 */
export function updatable<S extends Shape, K extends keyof S & string>(shape: S, keys: readonly K[]): { [P in K]: Field<Infer<S[P]>> & { required: false } } {
  const out: Record<string, Field<unknown>> = {};
  for (const key of keys) out[key] = { required: false, parse: shape[key]!.parse };
  // Built key by key from `shape`, each field's parser kept.
  return out as { [P in K]: Field<Infer<S[P]>> & { required: false } };
}

/** Parameters every list endpoint accepts. */
export const rangeParam = p.either(p.int(), p.obj({ gt: p.int(), gte: p.int(), lt: p.int(), lte: p.int() }));
export const listShape = {
  limit: p.int({ min: 1, max: 100 }),
  starting_after: p.string(),
  ending_before: p.string(),
  expand: p.arr(p.string()),
  created: rangeParam,
};
export const expandShape = { expand: p.arr(p.string()) };
