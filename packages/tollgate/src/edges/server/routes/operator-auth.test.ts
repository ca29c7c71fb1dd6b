import { describe, expect, it } from 'vitest';
import { testDriver } from '../../../testing/db.ts';
import { createTestApp } from '../app.test-support.ts';
import { dashboardRoutes } from './dashboard.ts';
import { operatorRoutes } from './operator.ts';
import { perSuite } from '../../../testing/per-test.test-support.ts';

/** Every operator and dashboard route: secret key only, and an unknown id in the path is a 404 naming `id`. */
describe(`operator and dashboard routes refuse everyone but a secret key (${testDriver()})`, () => {
  const t = perSuite(createTestApp);

  const routes = [...dashboardRoutes, ...operatorRoutes];
  const pathOf = (path: string, id: string) => `/api/v1/billing/${path.replace(':id', encodeURIComponent(id))}`;

  it('covers secret-key routes only', () => {
    expect(routes.length).toBeGreaterThanOrEqual(12);
    for (const route of routes) expect(route.auth, route.path).toBe('secret');
  });

  it('refuses an unauthenticated request (401), a customer token (403) and a revoked key (401), writing nothing', async () => {
    const token = await t.tokenFor('user_1');
    const before = await t.rowCounts();
    for (const route of routes) {
      const path = pathOf(route.path, route.example.query?.id ?? 'user_1');
      const body = route.method === 'post' ? (route.example.body ?? {}) : undefined;
      const name = `${route.method} ${route.path}`;
      const anonymous = await t.call(route.method, path, body === undefined ? {} : { body });
      expect(anonymous.status, name).toBe(401);
      expect(await anonymous.json(), name).toMatchObject({ error: { code: 'unauthenticated' } });
      const customer = await t.call(route.method, path, { auth: token, ...(body === undefined ? {} : { body }) });
      expect(customer.status, name).toBe(403);
      expect(await customer.json(), name).toMatchObject({ error: { code: 'forbidden' } });
      expect((await t.call(route.method, path, { auth: t.revokedKey, ...(body === undefined ? {} : { body }) })).status, name).toBe(401);
    }
    expect(await t.rowCounts()).toEqual(before);
  });

  it('answers 404 naming id for an id it does not know, on every route with one', async () => {
    const withId = routes.filter((r) => r.path.includes(':id'));
    expect(withId.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'get admin/customers/:id/overview',
      'get customers/:id',
      'post admin/events/:id/replay',
      'post customers/:id',
    ]);
    for (const route of withId) {
      const body = route.method === 'post' ? (route.example.body ?? {}) : undefined;
      const response = await t.call(route.method, pathOf(route.path, 'nobody_here'), { auth: t.secretKey, ...(body === undefined ? {} : { body }) });
      expect(response.status, route.path).toBe(404);
      expect(await response.json(), route.path).toMatchObject({ error: { param: 'id' } });
    }
  });
});
