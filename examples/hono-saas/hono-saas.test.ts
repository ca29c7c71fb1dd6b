import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDeps } from 'tollgate/testing';
import { payOnHostedPage } from '../test-support/hosted-checkout.ts';
import { type LiveApp, startLiveApp } from '../test-support/live-app.ts';
import type { LiveWebhooks } from '../test-support/webhooks.ts';
import { createSaasApp } from './app.ts';
import { config } from './tollgate.config.ts';

// One emulator, database and server for the file; each test has its own users.
let deps: TestDeps;
let server: LiveApp['server'];
let webhooks: LiveWebhooks;

const call = async (path: string, user: string | null, body?: unknown) => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (user !== null) headers['x-user-id'] = user;
  const response = await fetch(`${server.url}${path}`, body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string; param?: string } } };
};

/** Checkout on the pro plan through the hosted page; returns the success path Checkout sent the browser to. */
async function subscribe(user: string): Promise<string> {
  const started = await call('/billing/checkout', user, { plan: 'pro' });
  expect(started.status).toBe(200);
  const { page, location } = await payOnHostedPage(String(started.body.url));
  expect(page).toContain('Pro');
  expect(location.startsWith(`${server.url}/billing/success?session=cs_`)).toBe(true);
  return location.slice(server.url.length);
}

beforeAll(async () => {
  ({ deps, server, webhooks } = await startLiveApp(config, '/webhooks/stripe', ({ deps, appUrl, webhookSecret }) =>
    createSaasApp(deps, { appUrl, userOf: (r) => r.headers.get('x-user-id') ?? undefined, webhookSecret }),
  ));
});
afterAll(async () => {
  await server.close();
  await deps.close();
});

describe('hono-saas over HTTP against the emulator', () => {
  it("checkout -> hosted page (14-day trial, nothing to pay yet) -> success page shows the signed-in user's plan, without Stripe's raw object", async () => {
    const success = await subscribe('user_1');
    const shown = await call(success, 'user_1');
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      checkout: { id: expect.stringMatching(/^cs_/) as unknown, status: 'complete', payment_status: 'no_payment_required' },
      subscription: {
        id: expect.stringMatching(/^sub_/) as unknown,
        plan: 'pro',
        status: 'trialing',
        interval: 'month',
        seats: 1,
        amount: 1500,
        currency: 'usd',
        current_period_end: expect.any(String) as unknown,
        trial_end: expect.any(String) as unknown,
        cancel_at_period_end: false,
      },
    });
    await webhooks.settled();
    expect(webhooks.types()).toContain('customer.subscription.created');

    // Cancel at period end and resume, each applied from Stripe's answer.
    expect((await call('/billing/cancel', 'user_1', {})).status).toBe(200);
    expect((await call(success, 'user_1')).body.subscription).toMatchObject({ cancel_at_period_end: true });
    expect((await call('/billing/resume', 'user_1', {})).status).toBe(200);
    expect((await call(success, 'user_1')).body.subscription).toMatchObject({ cancel_at_period_end: false });
    await webhooks.settled();
  });

  it("security: another user's success page is a 404 that shows nothing of it; signed-out requests are 401", async () => {
    const success = await subscribe('user_2');
    const own = await call(success, 'user_2');
    const theirs = await call(success, 'user_3');
    expect(theirs).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: expect.stringContaining('for this customer') as unknown, param: 'id' } },
    });
    expect(JSON.stringify(theirs.body)).not.toContain(String((own.body.subscription as { id: string }).id));
    // user_3 has no subscription to cancel: user_2's is untouched.
    expect((await call('/billing/cancel', 'user_3', {})).body.error).toMatchObject({ code: 'customer_not_found' });
    expect((await call(success, 'user_2')).body.subscription).toMatchObject({ status: 'trialing', cancel_at_period_end: false });
    expect((await call(success, null)).status).toBe(401);
    expect((await call('/billing/checkout', 'user_3', { plan: 'nope' })).body.error).toMatchObject({ code: 'plan_not_found', param: 'plan' });
    await webhooks.settled();
  });
});
