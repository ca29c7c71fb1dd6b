import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../app.test-support.ts';
import { mountDemo } from './mount.ts';

describe('dev demo page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    mountDemo(t.app, t.deps);
  });
  afterAll(() => t.close());

  it('shows the config as a pricing table and loads its script', async () => {
    const html = await (await t.app.request('/')).text();
    expect(html).toContain('$15.00/month');
    expect(html).toContain('data-plan="pro"');
    expect(html).toContain('data-plan="business"');
    expect(html).not.toContain('data-plan="enterprise"');
    const script = await t.app.request('/demo/app.js');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(await script.text()).toContain("'/checkout/session'");
  });

  it('hands the page a customer token for demo_user, which the API accepts for that customer only', async () => {
    const { token } = (await (await t.app.request('/demo/token')).json()) as { token: string };
    const session = await t.call('GET', '/api/v1/billing/session', { auth: token });
    expect(await session.json()).toEqual({ customer: 'demo_user', credential: 'customer_token' });
    expect((await t.call('GET', '/api/v1/billing/usage?customer=someone_else', { auth: token })).status).toBe(403);
  });
});
