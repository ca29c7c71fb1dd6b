import { z } from 'zod';
import { snakeCase } from './json-case.ts';

/** `idempotencyKey` -> `idempotency_key`, as a type. */
export type SnakeName<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeName<Tail>}`
  : S;

/** An operation's input schema as the HTTP API spells it: the same fields, snake_case names. */
export type SnakeSchema<T> =
  T extends z.ZodObject<infer Shape>
    ? z.ZodObject<{ [K in keyof Shape as K extends string ? SnakeName<K> : K]: K extends 'metadata' | 'properties' ? Shape[K] : SnakeSchema<Shape[K]> }>
    : T extends z.ZodOptional<infer Inner>
      ? z.ZodOptional<SnakeSchema<Inner>>
      : T extends z.ZodArray<infer Item>
        ? z.ZodArray<SnakeSchema<Item>>
        : T;

const OPAQUE = new Set(['metadata', 'properties']);

/**
 * The HTTP form of an operation's input schema (`cancelSubscriptionNowInput`
 * -> `{ prorate, invoice_now }`): each field keeps its own schema (rules,
 * bounds, description), only the names change, so the route validates
 * exactly what the operation will, naming fields as the request spells them,
 * and the OpenAPI document and the client contract are derived from it.
 * Nested objects and arrays of objects are renamed too; a schema with
 * nothing to rename is returned as it is.
 */
export function snakeSchema<T extends z.ZodObject>(schema: T): SnakeSchema<T> {
  return renamed(schema) as SnakeSchema<T>;
}

function renamed(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    let changed = false;
    const shape: Record<string, z.ZodType> = {};
    const fields: Record<string, z.ZodType> = schema.shape;
    for (const [key, field] of Object.entries(fields)) {
      const name = snakeCase(key);
      const inner = OPAQUE.has(key) ? field : renamed(field);
      if (name !== key || inner !== field) changed = true;
      shape[name] = inner;
    }
    if (!changed) return schema;
    if ((schema._zod.def.checks?.length ?? 0) > 0) throw new Error('snakeSchema: an object schema with refinements cannot be renamed');
    return keepMeta(schema, schema.clone({ ...schema._zod.def, shape }));
  }
  if (schema instanceof z.ZodOptional) {
    const inner = renamed(schema.unwrap() as z.ZodType);
    return inner === schema.unwrap() ? schema : keepMeta(schema, inner.optional());
  }
  if (schema instanceof z.ZodNullable) {
    const inner = renamed(schema.unwrap() as z.ZodType);
    return inner === schema.unwrap() ? schema : keepMeta(schema, inner.nullable());
  }
  if (schema instanceof z.ZodArray) {
    const element = renamed(schema.element as z.ZodType);
    return element === schema.element ? schema : keepMeta(schema, schema.clone({ ...schema._zod.def, element }));
  }
  return schema;
}

/** The description and other metadata of `from`, on its renamed copy. */
function keepMeta(from: z.ZodType, to: z.ZodType): z.ZodType {
  const meta = z.globalRegistry.get(from);
  return meta ? to.meta(meta) : to;
}
