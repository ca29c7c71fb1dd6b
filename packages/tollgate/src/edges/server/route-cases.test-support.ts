import type { z } from 'zod';
import { snakeParam } from '../../core/lib/json-case.ts';
import type { Route } from './route.ts';

/*
 * What the shared route suite (common-route-tests.ts) derives from a route's
 * own declaration, so a route added later gets the same cases without a
 * line of test: the string fields of its example and schemas, their bounds,
 * and the money fields a customer credential may not send.
 */

/** A string field: its path as the API names it (`events.0.feature`), and its longest accepted length. */
export interface StringField {
  path: (string | number)[];
  max: number;
}

/** The param an error names for a path (`events.0.idempotency_key`). */
export function paramOf(path: (string | number)[]): string {
  return snakeParam(path.map(String).join('.'));
}

/** Every string value of an example, by path. */
export function stringLeaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringLeaves(item, [...path, i]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  return [];
}

/** A copy of `value` with the leaf at `path` replaced. */
export function withLeaf(value: unknown, path: (string | number)[], leaf: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return leaf;
  const copy: Record<string | number, unknown> | unknown[] = Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) };
  (copy as Record<string | number, unknown>)[head] = withLeaf((value as Record<string | number, unknown>)[head], rest, leaf);
  return copy;
}

// Formats whose pattern bounds them.
const PATTERNED = new Set(['date', 'datetime', 'time', 'duration', 'uuid', 'cuid', 'ulid']);

interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  format?: string;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { def: Def }).def;
}

/**
 * The string fields a schema declares, with their bounds, following the
 * example into records and arrays; `unbounded` collects string fields with no
 * maximum length (every field the edge accepts must have one).
 */
export function stringFields(
  schema: z.ZodType | undefined,
  example: unknown,
  path: (string | number)[] = [],
  unbounded: string[] = [],
  inExample = true,
): StringField[] {
  if (!schema) return [];
  const def = defOf(schema);
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  const present = typeof example === 'object' && example !== null;
  const at = (key: string | number) => (present ? (example as Record<string | number, unknown>)[key] : undefined);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return stringFields(def.innerType, example, path, unbounded, inExample);
    case 'object':
      // Fields of an object the example does not send are checked for bounds, not sent (their siblings would fail first).
      return Object.entries(shape ?? {}).flatMap(([key, inner]) => stringFields(inner, at(key), [...path, key], unbounded, present));
    case 'array':
      return stringFields(def.element, at(0), [...path, 0], unbounded, present);
    case 'union':
      return (def.options ?? []).flatMap((option) => stringFields(option, example, path, unbounded, inExample));
    case 'record': {
      stringFields(def.keyType, undefined, [...path, '(key)'], unbounded, false);
      const keys = present ? Object.keys(example) : [];
      if (keys.length === 0) stringFields(def.valueType, undefined, [...path, '(value)'], unbounded, false);
      return keys.flatMap((key) => stringFields(def.valueType, at(key), [...path, key], unbounded, true));
    }
    case 'string': {
      const max = (schema as z.ZodString).maxLength;
      if (max === null) {
        if (!PATTERNED.has(def.format ?? '')) unbounded.push(paramOf(path));
        return [];
      }
      return inExample ? [{ path, max }] : [];
    }
    default:
      return [];
  }
}

/** Fields whose name says they decide money: on a customer route they must be declared `secretOnly`. */
const MONEY_NAMES = [
  'trial_days',
  'trial_end',
  'trial_period_days',
  'price_id',
  'price',
  'unit_amount',
  'metadata',
  'allow_promotion_codes',
  'coupon',
  'discounts',
  'prorate',
  // Credits: an amount to charge, credits given, what was paid, a spend cap or a top-up threshold.
  'custom_amount',
  'credits',
  'paid_amount',
  'cap',
  'threshold',
];

/** Money-deciding body fields of a customer route that it does not declare `secretOnly`. */
export function undeclaredMoneyFields(route: Route): string[] {
  if (route.auth !== 'customer' || !route.body) return [];
  const declared = new Set(Object.keys(route.secretOnly ?? {}));
  const shape = (route.body as unknown as { shape: Record<string, z.ZodType> }).shape;
  return Object.entries(shape)
    .filter(([name, schema]) => {
      let inner = schema;
      while (['optional', 'nullable', 'default'].includes(defOf(inner).type)) inner = defOf(inner).innerType ?? inner;
      // `amount` is units on usage routes; an amount object is a price.
      return MONEY_NAMES.includes(name) || (name === 'amount' && defOf(inner).type === 'object');
    })
    .map(([name]) => name)
    .filter((name) => !declared.has(name));
}
