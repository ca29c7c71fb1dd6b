import { z } from 'zod';
import { billingRoutes } from '../../packages/tollgate/src/edges/server/routes/index.ts';
import { type Route, withCustomer } from '../../packages/tollgate/src/edges/server/route.ts';
import { type JsonSchema, quote, toType } from './json-schema-to-ts.ts';

export const HEADER = [
  '// Generated from the route schemas (packages/tollgate/src/edges/server/routes) by `npm run generate:client`: do not edit.',
  '// The HTTP API under /api/v1/billing; bodies are JSON, snake_case as sent.',
].join('\n');

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
}

function part(schema: z.ZodType | undefined, io: 'input' | 'output', indent: number): string {
  return schema ? toType(jsonSchema(schema, io), indent) : 'never';
}

/** A customer route's body as a customer token may send it: no secret-only (money) field; the token names the customer. */
function tokenBody(route: Route): z.ZodObject {
  const secret = Object.keys(route.secretOnly ?? {}).filter((field) => !field.includes('.') && !field.includes('['));
  const shape = route.body?.shape ?? {};
  return z.object(Object.fromEntries(Object.entries(shape).filter(([field]) => !secret.includes(field))));
}

function entry(route: Route): string {
  const customer = route.auth === 'customer';
  const post = route.method === 'post';
  const query = customer && !post ? withCustomer(route.query) : route.query;
  const body = post ? (customer ? withCustomer(route.body) : (route.body ?? z.object({}))) : undefined;
  const lines = [
    `  /** ${route.summary.replace(/\*\//g, '*\\/')} */`,
    `  ${quote(`${route.method.toUpperCase()} ${route.path}`)}: {`,
    `    auth: ${quote(route.auth)};`,
    `    query: ${part(query, 'input', 2)};`,
    `    body: ${part(body, 'input', 2)};`,
  ];
  if (customer && post) {
    lines.push('    /** The body from a customer token (a browser): no secret-only field, no `customer` (the token names it). */');
    lines.push(`    tokenBody: ${part(tokenBody(route), 'input', 2)};`);
  }
  lines.push(`    response: ${route.response ? part(route.response, 'output', 2) : 'unknown'};`, '  };');
  return lines.join('\n');
}

/** The generated contract: one entry per route, `'POST check': { auth, query, body, tokenBody?, response }`. */
export function renderContract(routes: Route[] = billingRoutes({ tokenSecret: async () => '' })): string {
  const entries = [...routes].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`)).map(entry);
  return [
    HEADER,
    '',
    '/**',
    " * Every route of the billing API, by `'<METHOD> <path below /api/v1/billing>'`: who may call it",
    ' * (`customer`: a secret key naming `customer`, or a customer token; `secret`: secret keys only;',
    ' * `public`: no credential), its query, its JSON body and its success response (`unknown` where',
    ' * the route declares none).',
    ' */',
    'export interface TollgateRoutes {',
    entries.join('\n'),
    '}',
    '',
  ].join('\n');
}
