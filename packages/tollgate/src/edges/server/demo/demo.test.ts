import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../core/config/default-config.ts';
import { createTestApp } from '../app.test-support.ts';
import { mountDemo } from './mount.ts';
import { perSuite } from '../../../testing/per-test.test-support.ts';

describe('dev demo page', () => {
  const t = perSuite(() => createTestApp({ deps: { config: { ...defaultConfig, products: { guide: { name: 'Setup guide', price: 500 } } } } }));
  beforeAll(async () => {
    mountDemo(t.app, t.deps);
  });

  it('serves the React app on @tollgate/react, bundled from the sources, with the marketplace and the config products as its data', async () => {
    const html = await (await t.app.request('/')).text();
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    const data = JSON.parse(/<script type="application\/json" id="demo-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}') as {
      listings: { id: string }[];
      products: unknown[];
      customer: string;
    };
    expect(data.customer).toBe('demo_user');
    expect(data.listings.map((l) => l.id)).toEqual(['agt_research', 'agt_sql']);
    expect(data.products).toEqual([{ key: 'guide', name: 'Setup guide', price: 500, currency: 'usd' }]);
    const script = await t.app.request('/demo/app.js');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const js = await script.text();
    // The package's components, bundled: their class names and the engine's routes are in the bundle.
    expect(js).toContain('tollgate-pricing-table');
    expect(js).toContain('checkout/sync');
    const css = await (await t.app.request('/demo/app.css')).text();
    expect(css).toContain('--tollgate-accent');
    expect(css).toContain('.demo-grid');
  }, 120_000);

  it('hands the page a customer token for demo_user, which the API accepts for that customer only', async () => {
    const { token } = (await (await t.app.request('/demo/token')).json()) as { token: string };
    const session = await t.call('GET', '/api/v1/billing/session', { auth: token });
    expect(await session.json()).toEqual({ customer: 'demo_user', credential: 'customer_token' });
    expect((await t.call('GET', '/api/v1/billing/usage?customer=someone_else', { auth: token })).status).toBe(403);
  });

  it('the purchase action refuses an unknown agent and a return url that is not http(s), naming the field; nothing written', async () => {
    const before = await t.rowCounts();
    const post = (body: unknown) =>
      t.app.request('/demo/purchase', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const unknown = await post({ agent_id: 'agt_nope', return_url: 'http://localhost/' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found', param: 'agent_id' } });
    const badUrl = await post({ agent_id: 'agt_sql', return_url: 'javascript:alert(1)' });
    expect(badUrl.status).toBe(400);
    expect(await badUrl.json()).toMatchObject({ error: { code: 'validation_failed', param: 'return_url' } });
    expect(await t.rowCounts()).toEqual(before);
  });
});
