import { z } from 'zod';
import { VERSION } from '../../version.ts';
import { BASE_PATH, type Route, withCustomer } from './route.ts';

type Json = Record<string, unknown>;

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'One of the codes in docs/api.md (validation_failed, unauthenticated, limit_reached...)' },
        message: { type: 'string' },
        param: { type: 'string', description: 'The request field the error is about' },
      },
    },
  },
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}

function queryParameters(schema: z.ZodObject): Json[] {
  const json = jsonSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

function operation(route: Route): Json {
  const query = route.auth === 'customer' && route.method === 'get' ? withCustomer(route.query) : route.query;
  const body = route.auth === 'customer' && route.method === 'post' ? withCustomer(route.body) : route.body;
  const errors = { $ref: '#/components/responses/Error' };
  const op: Json = {
    operationId: `${route.method}_${route.path.replace(/[^a-z0-9]+/gi, '_')}`,
    summary: route.summary,
    tags: [route.tag],
    security:
      route.auth === 'public' || route.auth === 'license' ? [] : route.auth === 'secret' ? [{ secretKey: [] }] : [{ secretKey: [] }, { customerToken: [] }],
    responses: {
      [String(route.status ?? 200)]: {
        description: 'Success',
        content: { 'application/json': { schema: route.response ? jsonSchema(route.response, 'output') : { type: 'object' } } },
      },
      '400': errors,
      ...(route.auth === 'public' ? {} : route.auth === 'license' ? { '429': errors } : { '401': errors, '403': errors, '429': errors }),
    },
  };
  if (query) {
    const inPath = new Set([...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]));
    op.parameters = queryParameters(query).map((p) => (inPath.has(String(p.name)) ? { ...p, in: 'path', required: true } : p));
  }
  if (route.method === 'post' && body) {
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: jsonSchema(body, 'input'), ...(route.example.body ? { example: route.example.body } : {}) } },
    };
  }
  return op;
}

/** The OpenAPI 3.1 document, generated from the routes' own zod schemas. */
export function openApiDocument(routes: Route[], extraPaths: Record<string, Json> = {}): Json {
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = `${BASE_PATH}/${route.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tollgate billing API',
      version: VERSION,
      description:
        'Amounts are integer minor units with a lowercase ISO `currency` and, where a person reads them, a `formatted` string. ' +
        'Errors are `{ "error": { "code", "message", "param"? } }`.',
    },
    paths: { ...paths, ...extraPaths },
    components: {
      securitySchemes: {
        secretKey: { type: 'http', scheme: 'bearer', description: 'A secret API key (tg_sk_...), for servers. Name the customer with `customer`.' },
        customerToken: { type: 'http', scheme: 'bearer', description: 'A customer token (tg_ct_...), for browsers: bound to one customer.' },
      },
      responses: { Error: { description: 'An error', content: { 'application/json': { schema: errorSchema } } } },
      schemas: { Error: errorSchema },
    },
  };
}
