import { z } from 'zod';
import { billingRoutes } from '../../packages/tollgate/src/edges/server/routes/index.ts';
import { customerField, type Route, withCustomer } from '../../packages/tollgate/src/edges/server/route.ts';
import { type Aliases, type JsonSchema, objectText, quote, type Shape, toType } from './json-schema-to-ts.ts';

export const HEADER = [
  '// Generated from the route schemas (packages/tollgate/src/edges/server/routes) by `npm run generate:client`: do not edit.',
  '// The HTTP API under /api/v1/billing; bodies are JSON, snake_case as sent.',
].join('\n');

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
}

function part(schema: z.ZodType | undefined, io: 'input' | 'output', where: string[], aliases: Aliases): string {
  return schema ? toType(jsonSchema(schema, io), 2, { aliases, where }) : 'never';
}

/** The fields of a customer route's body a customer token may send: no secret-only (money) field; the token names the customer. */
function tokenFields(route: Route): string[] {
  const secret = Object.keys(route.secretOnly ?? {}).filter((field) => !field.includes('.') && !field.includes('['));
  return Object.keys(route.body?.shape ?? {}).filter((field) => !secret.includes(field));
}

/** The `customer` a customer route takes beside its own fields (a secret key names it; a customer token's is its own). */
const CUSTOMER = 'Customer';

function customerType(): string {
  return `type ${CUSTOMER} = ${toType(jsonSchema(z.object({ customer: customerField.optional() }), 'input'))};`;
}

/** A customer route's query or body: its own fields and `& Customer` (in full where it declares a `customer` of its own). */
function withCustomerPart(schema: z.ZodObject | undefined, where: string[], aliases: Aliases): string {
  if (schema?.shape.customer) return part(withCustomer(schema), 'input', where, aliases);
  return schema ? `${part(schema, 'input', where, aliases)} & ${CUSTOMER}` : CUSTOMER;
}

/** A route's entry; on one line when every part of it fits on one. */
function entry(route: Route, aliases: Aliases): string {
  const customer = route.auth === 'customer';
  const post = route.method === 'post';
  const name = `${route.method.toUpperCase()} ${route.path}`;
  const query = customer && !post ? withCustomerPart(route.query, [name, 'query'], aliases) : part(route.query, 'input', [name, 'query'], aliases);
  const body = !post
    ? 'never'
    : customer
      ? withCustomerPart(route.body, [name, 'body'], aliases)
      : part(route.body ?? z.object({}), 'input', [name, 'body'], aliases);
  const parts = [`auth: ${quote(route.auth)};`, `query: ${query};`, `body: ${body};`];
  if (customer && post) {
    const fields = tokenFields(route);
    parts.push(`tokenBody: ${fields.length > 0 ? `Pick<TollgateRoutes[${quote(name)}]['body'], ${fields.map(quote).join(' | ')}>` : 'Record<string, never>'};`);
  }
  parts.push(`response: ${route.response ? part(route.response, 'output', [name, 'response'], aliases) : 'unknown'};`);
  const summary = `  /** ${route.summary.replace(/\*\//g, '*\\/')} */`;
  if (parts.every((p) => !p.includes('\n'))) return [summary, `  ${quote(name)}: { ${parts.join(' ')} };`].join('\n');
  return [summary, `  ${quote(name)}: {`, ...parts.map((p) => `    ${p}`), '  };'].join('\n');
}

/** An object shape printed this many lines or more, standing in two places or more, is printed once under a name. */
const SHARED_LINES = 4;

/** Words too general to name a shape alone. */
const GENERAL = new Set(['Query', 'Body', 'Response', 'Data']);

/** `['GET admin/licenses', 'response', 'data']` -> `ResponseData`, then `AdminLicensesResponseData` (a name alone first: `['...', 'subscription']` -> `Subscription`). */
function candidates(where: string[]): string[] {
  const pascal = (segments: string[]) =>
    segments
      .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
      .filter(Boolean)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join('');
  const [route = '', ...path] = where;
  const inside = path.map((_, i) => path.slice(path.length - 1 - i)).filter((slice) => !GENERAL.has(pascal(slice.slice(0, 1))));
  return [...inside.map(pascal), pascal([route.replace(/^[A-Z]+ /, ''), ...path])];
}

/** A shape printed once under a name: its keys, its members in full, the name. */
type Named = { keys: string[]; full: string[]; name: string };

/** Whether some other printed shape begins with all of `full` (and has more members). */
function begunElsewhere(full: string[], shapes: Iterable<{ full: string[] }>): boolean {
  for (const other of shapes) if (other.full.length > full.length && full.every((member, i) => member === other.full[i])) return true;
  return false;
}

/**
 * Count every object shape the routes print; name those of SHARED_LINES lines
 * or more that stand twice or more, or (of SHARED_LINES members or more) that
 * another shape begins with: it is then printed as `Name & { the rest }`.
 */
function sharedShapes(routes: Route[]): Map<string, Named> {
  const seen = new Map<string, { count: number; where: string[]; keys: string[]; full: string[] }>();
  const count: Aliases = ({ keys, full }, where) => {
    const text = objectText(full);
    const known = seen.get(text);
    if (known) known.count++;
    else seen.set(text, { count: 1, where, keys, full });
    return undefined;
  };
  routes.forEach((route) => entry(route, count));
  const named = new Map<string, Named>();
  const taken = new Set(['TollgateRoutes']);
  for (const [text, { count: times, where, keys, full }] of seen) {
    if (text.split('\n').length < SHARED_LINES || (times < 2 && (full.length < SHARED_LINES || !begunElsewhere(full, seen.values())))) continue;
    const name = candidates(where).find((candidate) => !taken.has(candidate)) ?? `Shape${named.size + 1}`;
    taken.add(name);
    named.set(text, { keys, full, name });
  }
  return named;
}

/** The longest named shape whose members begin this one's (and are fewer). */
function beginning(shape: Shape, named: Map<string, Named>): Named | undefined {
  let best: Named | undefined;
  for (const candidate of named.values()) {
    if (candidate.full.length >= shape.full.length || candidate.full.length <= (best?.full.length ?? 0)) continue;
    if (candidate.full.every((member, i) => member === shape.full[i])) best = candidate;
  }
  return best;
}

/** The shortest named shape this one's members begin (SHARED_LINES or more of them). */
function beginningOf(shape: Shape, named: Map<string, Named>): Named | undefined {
  let best: Named | undefined;
  for (const candidate of named.values()) {
    if (shape.full.length < SHARED_LINES || candidate.full.length <= shape.full.length) continue;
    if (best && candidate.full.length >= best.full.length) continue;
    if (shape.full.every((member, i) => member === candidate.full[i])) best = candidate;
  }
  return best;
}

/**
 * Every route's entry, with the object shapes that repeat named once (`type
 * Name = {...}` above the interface); an object that begins with such a
 * shape printed as `Name & { the rest }`, one that is the beginning of such a
 * shape as `Omit<Name, 'the rest'>`.
 */
function render(routes: Route[]): { entries: string[]; shared: string[] } {
  const named = sharedShapes(routes);
  const definitions = new Map<string, string>();
  const use: Aliases = (shape) => {
    const exact = named.get(objectText(shape.full));
    if (exact) {
      if (!definitions.has(exact.name)) definitions.set(exact.name, `type ${exact.name} = ${objectText(shape.lines)};`);
      return exact.name;
    }
    const start = beginning(shape, named);
    if (start) return `${start.name} & ${objectText(shape.lines.slice(start.full.length))}`;
    const whole = beginningOf(shape, named);
    return whole ? `Omit<${whole.name}, ${whole.keys.slice(shape.keys.length).map(quote).join(' | ')}>` : undefined;
  };
  const entries = routes.map((route) => entry(route, use));
  return { entries, shared: [...definitions.values()] };
}

/** The generated contract: one entry per route, `'POST check': { auth, query, body, tokenBody?, response }`. */
export function renderContract(routes: Route[] = billingRoutes({ tokenSecret: async () => '' })): string {
  const sorted = [...routes].sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
  const { entries, shared } = render(sorted);
  return [
    HEADER,
    '',
    '// Object shapes that stand in more than one place, printed once.',
    '',
    [customerType(), ...shared].join('\n\n'),
    '',
    '/**',
    " * Every route of the billing API, by `'<METHOD> <path below /api/v1/billing>'`: who may call it",
    ' * (`customer`: a secret key naming `customer`, or a customer token; `secret`: secret keys only;',
    ' * `public`: no credential), its query, its JSON body and its success response (`unknown` where',
    ' * the route declares none). A customer route that takes a body also names `tokenBody`: the body',
    ' * from a customer token (a browser), no secret-only field and no `customer` (the token names it).',
    ' */',
    'export interface TollgateRoutes {',
    entries.join('\n'),
    '}',
    '',
  ].join('\n');
}
