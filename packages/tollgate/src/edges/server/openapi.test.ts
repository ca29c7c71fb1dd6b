import { describe, expect, it } from 'vitest';
import { createTestApp } from './app.test-support.ts';
import { perSuite } from '../../testing/per-test.test-support.ts';

describe('OpenAPI document and docs page', () => {
  const t = perSuite(createTestApp);

  it('documents every mounted route from its schemas', async () => {
    const response = await t.app.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; parameters?: { name: string }[] }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const route of t.app.routes) {
      const op = doc.paths[`/api/v1/billing/${route.path.replace(/:(\w+)/g, '{$1}')}`]?.[route.method];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      if (route.method === 'post' && route.body) expect(op?.requestBody).toBeDefined();
      if (route.auth === 'customer' && route.method === 'get') expect(op?.parameters?.map((p) => p.name)).toContain('customer');
    }
    const tokens = doc.paths['/api/v1/billing/tokens']?.post as {
      requestBody: { content: { 'application/json': { schema: { required: string[]; properties: Record<string, unknown> } } } };
    };
    const schema = tokens.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['customer']);
    expect(Object.keys(schema.properties)).toEqual(['customer', 'ttl_seconds']);
  });

  it('renders a readable HTML page', async () => {
    const response = await t.app.request('/api/v1/docs');
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('/api/v1/billing/tokens');
    expect(html).toContain('Tollgate billing API');
  });
});
