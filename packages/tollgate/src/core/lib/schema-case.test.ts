import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { camelKeys } from './json-case.ts';
import { count, text } from './input.ts';
import { parseInput } from './parse-input.ts';
import { snakeSchema } from './schema-case.ts';

const input = z.object({
  customer: text(10),
  invoiceNow: z.boolean().optional().describe('now'),
  events: z.array(z.object({ idempotencyKey: text(5), properties: z.record(z.string(), z.unknown()).optional() })).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

describe('one input schema, two spellings', () => {
  it('renames fields to snake_case, nested ones too, keeping each field schema and its description', () => {
    const http = snakeSchema(input);
    expect(Object.keys(http.shape)).toEqual(['customer', 'invoice_now', 'events', 'metadata']);
    expect(http.shape.customer).toBe(input.shape.customer);
    expect(http.shape.invoice_now).toBe(input.shape.invoiceNow);
    expect(z.toJSONSchema(http)).toMatchObject({
      properties: { invoice_now: { description: 'now' }, events: { items: { properties: { idempotency_key: { maxLength: 5 } } } } },
    });
    const plain = z.object({ seats: count(3) });
    expect(snakeSchema(plain)).toBe(plain);
  });

  it('the edge parses snake_case naming the field as sent; camelKeys gives the operation exactly its input', () => {
    const http = snakeSchema(input);
    const bad = http.safeParse({ customer: 'a', events: [{ idempotency_key: 'toolong' }] });
    expect(bad.success ? null : bad.error.issues[0]?.path).toEqual(['events', 0, 'idempotency_key']);
    const body = http.parse({ customer: 'a', invoice_now: true, events: [{ idempotency_key: 'k', properties: { a_b: 1 } }], metadata: { x_y: 'z' } });
    const camel = camelKeys(body);
    expect(camel).toEqual({ customer: 'a', invoiceNow: true, events: [{ idempotencyKey: 'k', properties: { a_b: 1 } }], metadata: { x_y: 'z' } });
    expect(parseInput(input, camel)).toEqual({ ok: true, value: camel });
  });

  it('the library names a bad field as it spells it', () => {
    const bad = parseInput(input, { customer: 'a', events: [{ idempotencyKey: 'k' }, { idempotencyKey: 'a\u0000' }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'events[1].idempotencyKey' } });
    expect(!bad.ok && bad.error.message).toMatch(/^events\[1\]\.idempotencyKey must not contain a NUL/);
    expect(parseInput(input, { customer: ' ' })).toMatchObject({ ok: true });
    expect(parseInput(z.object({ customer: text(10, 1, { notBlank: true }) }), { customer: ' ' })).toMatchObject({
      ok: false,
      error: { param: 'customer' },
    });
  });
});
