import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { defineRoute } from '../../packages/tollgate/src/edges/server/route.ts';
import { renderContract } from './contract.ts';
import { staleTargets, TARGETS } from './generate.ts';
import { toType } from './json-schema-to-ts.ts';

const root = resolve(import.meta.dirname, '../..');

describe('the client contract (tollgate/client, @tollgate/react)', () => {
  const temp = mkdtempSync(join(tmpdir(), 'client-contract-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('is what the route schemas generate now (else: npm run generate:client)', () => {
    expect(staleTargets(root)).toEqual([]);
  });

  it('names a stale or missing copy', () => {
    const expected = renderContract();
    const [first] = TARGETS as [string];
    const second = 'elsewhere/routes.generated.ts';
    mkdirSync(dirname(join(temp, first)), { recursive: true });
    writeFileSync(join(temp, first), expected.replace("'POST consume'", "'POST consume_old'"));
    expect(staleTargets(temp, expected, [first, second])).toEqual([first, second]);
    mkdirSync(dirname(join(temp, second)), { recursive: true });
    writeFileSync(join(temp, second), expected);
    expect(staleTargets(temp, expected, [first, second])).toEqual([first]);
    expect(readFileSync(join(root, first), 'utf8')).toBe(expected);
  });

  it("renders a route's query, body, token body (no secret-only field) and response", () => {
    const route = defineRoute({
      method: 'post',
      path: 'things/:id',
      summary: 'Make a thing',
      tag: 'Things',
      auth: 'customer',
      body: z.object({ name: z.string().describe('Its name'), price: z.number().int().optional(), tags: z.array(z.enum(['a', "b'c"])) }),
      secretOnly: { price: 5 },
      response: z.object({ id: z.string(), extra: z.record(z.string(), z.number()), at: z.string().nullable(), pair: z.tuple([z.string(), z.number()]) }),
      example: {},
      handler: async () => new Response(),
    });
    const text = renderContract([route]);
    expect(text).toContain(
      [
        "  'POST things/:id': {",
        "    auth: 'customer';",
        '    query: never;',
        '    body: {',
        '      /** Its name */',
        '      name: string;',
        '      price?: number;',
        "      tags: Array<'a' | 'b\\'c'>;",
      ].join('\n'),
    );
    const token = text.slice(text.indexOf('tokenBody'), text.indexOf('response'));
    expect(token).not.toContain('price');
    expect(token).not.toContain('customer');
    expect(text).toContain('extra: Record<string, number>;');
    expect(text).toContain('at: string | null;');
    expect(text).toContain('pair: [string, number];');
  });

  it('refuses a schema it cannot render rather than writing a wrong type', () => {
    expect(() => toType({ $ref: '#/$defs/x' })).toThrow(/\$ref/);
    expect(() => toType({ type: 'bigint' })).toThrow(/bigint/);
    expect(toType({})).toBe('unknown');
  });
});
