import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createRateLimiter, createReporter, getOrCreateCustomer, sweepSuspensions, unwrap } from 'tollgate';
import { advanceTestClock, type TestDeps } from 'tollgate/testing';
import { payOnHostedPage } from '../test-support/hosted-checkout.ts';
import { type LiveApp, startLiveApp } from '../test-support/live-app.ts';
import type { LiveWebhooks } from '../test-support/webhooks.ts';
import { createArchitectApp } from './app.ts';
import { billingHooks, drainHooks } from './billing-hooks.ts';
import { createOrgs } from './orgs.ts';
import { createPipeline } from './pipeline.ts';
import { config } from './tollgate.config.ts';

const HOUR = 3600;
const DAY = 86_400;
let deps: TestDeps;
let server: LiveApp['server'];
let webhooks: LiveWebhooks;
const orgs = createOrgs();
const keys = { growth: orgs.add('org_growth'), starter: orgs.add('org_starter'), other: orgs.add('org_other') };
const notices: string[] = [];
const hooks = billingHooks(orgs, (org, message) => notices.push(`${org}: ${message}`));
let testClock: Stripe.TestHelpers.TestClock;

async function call(method: 'GET' | 'POST', path: string, key: string | null, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key !== null ? { authorization: `Bearer ${key}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string; param?: string } } };
}
const lead = (key: string, id: string, score: number) => call('POST', '/api/leads', key, { id, email: `${id}@prospect.test`, company: 'Acme', score });
const usedLeads = async (key: string) => {
  const usage = (await call('GET', '/api/billing/usage', key)).body as { features?: { feature: string; used: number }[] };
  return usage.features?.find((f) => f.feature === 'qualified_leads')?.used;
};
/** Webhooks landed, then the app's hook handlers ran (what its timer does). */
async function settle(): Promise<void> {
  await webhooks.settled();
  await drainHooks(deps, hooks);
}
async function subscribe(key: string, plan: 'starter' | 'growth'): Promise<void> {
  const checkout = await call('POST', '/api/billing/checkout', key, { plan });
  expect(checkout.status).toBe(200);
  const { location } = await payOnHostedPage(String(checkout.body.url));
  expect(location.startsWith(`${server.url}/billing/done?session=cs_`)).toBe(true);
  await settle();
}

beforeAll(async () => {
  ({ deps, server, webhooks } = await startLiveApp(config, '/api/webhooks/stripe', ({ deps, appUrl, webhookSecret }) =>
    createArchitectApp(deps, { appUrl, orgs, pipeline: createPipeline(deps, orgs), webhookSecret }),
  ));
  // The growth org's billing runs on a Stripe test clock, so the test can move it through its periods.
  testClock = await deps.stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(deps.clock.now().getTime() / 1000) });
  unwrap(await getOrCreateCustomer(deps, { externalId: 'org_growth', email: 'ops@growth.test', testClock: testClock.id }));
});
afterAll(async () => {
  await server.close();
  await deps.close();
});

describe("agent-architect: seed 000's lead pipeline billed per qualified lead", () => {
  it('growth: each qualified lead reaches the Billing Meter once and the renewal invoice carries the per-lead line', async () => {
    const start = testClock.frozen_time;
    await subscribe(keys.growth, 'growth');
    deps.clock.set((start + 2 * HOUR) * 1000);
    await advanceTestClock(deps.stripe, testClock.id, start + 2 * HOUR);
    await settle();

    const outcomes = [];
    for (const [id, score] of [
      ['l1', 80],
      ['l2', 90],
      ['l3', 30],
      ['l4', 70],
      ['l5', 60],
      ['l1', 80],
    ] as const)
      outcomes.push((await lead(keys.growth, id, score)).body);
    expect(outcomes.map((o) => o.status)).toEqual(['qualified', 'qualified', 'rejected', 'qualified', 'qualified', 'qualified']);
    expect(await usedLeads(keys.growth)).toBe(4); // l1 delivered twice, billed once

    const reporter = createReporter(deps, { limiter: createRateLimiter({ ratePerSecond: 1000 }) });
    expect(await reporter.runOnce()).toMatchObject({ planned: 1, sent: 1, failed: 0 });
    const customer = (await deps.stripe.customers.search({ query: "email:'ops@growth.test'" })).data[0]?.id ?? '';
    const sub = (await deps.stripe.subscriptions.list({ customer })).data[0];
    await advanceTestClock(deps.stripe, testClock.id, (sub?.items.data[0]?.current_period_end ?? 0) + 2 * HOUR);
    await settle();
    const renewal = (await deps.stripe.invoices.list({ subscription: sub?.id ?? '' })).data.find((i) => i.billing_reason === 'subscription_cycle');
    expect(renewal?.lines.data.map((l) => ({ quantity: l.quantity, amount: l.amount }))).toEqual(
      expect.arrayContaining([
        { quantity: 4, amount: 800 },
        { quantity: 1, amount: 9900 },
      ]),
    );
    expect(renewal).toMatchObject({ amount_due: 9900 + 800, status: 'paid' });
    expect(await reporter.runOnce()).toMatchObject({ planned: 0, sent: 0 });
  });

  it('starter: the 101st qualified lead this month is "Plan limit reached"', async () => {
    await subscribe(keys.starter, 'starter');
    const ids = Array.from({ length: 100 }, (_, i) => `s${i}`);
    for (let i = 0; i < ids.length; i += 10) {
      const batch = await Promise.all(ids.slice(i, i + 10).map((id) => lead(keys.starter, id, 75)));
      expect(batch.every((r) => r.status === 200 && r.body.status === 'qualified')).toBe(true);
    }
    expect(await lead(keys.starter, 's100', 75)).toEqual({
      status: 403,
      body: { error: { code: 'limit_reached', message: 'Plan limit reached', param: 'org' } },
    });
    expect(await usedLeads(keys.starter)).toBe(100);
  });

  it("a failed renewal pauses the org's agents when the grace ends and paying resumes them, each hook once", async () => {
    const customer = (await deps.stripe.customers.search({ query: "email:'ops@growth.test'" })).data[0]?.id ?? '';
    const sub = (await deps.stripe.subscriptions.list({ customer })).data[0];
    if (!sub) throw new Error('no growth subscription');
    const visa = typeof sub.default_payment_method === 'string' ? sub.default_payment_method : (sub.default_payment_method?.id ?? '');
    const failing = await deps.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await deps.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    await advanceTestClock(deps.stripe, testClock.id, (sub.items.data[0]?.current_period_end ?? 0) + 2 * HOUR);
    await settle();
    const failed = (await deps.stripe.invoices.list({ subscription: sub.id, status: 'open' })).data[0];
    const failedAt = failed?.status_transitions.finalized_at ?? 0;
    expect(notices).toContain('org_growth: Payment failed (attempt 1): update your card to keep your agents running.');

    // Through the grace days the agents keep working.
    deps.clock.set((failedAt + 3 * DAY - 60) * 1000);
    expect(await sweepSuspensions(deps)).toEqual({ suspended: [], restored: [] });
    expect((await lead(keys.growth, 'g1', 90)).body).toMatchObject({ status: 'qualified' });

    deps.clock.set((failedAt + 3 * DAY) * 1000);
    expect((await sweepSuspensions(deps)).suspended).toEqual([sub.id]);
    expect((await sweepSuspensions(deps)).suspended).toEqual([]);
    await settle();
    expect(await lead(keys.growth, 'g2', 90)).toEqual({
      status: 403,
      body: { error: { code: 'subscription_inactive', message: 'Agents paused: payment required', param: 'org' } },
    });

    expect((await deps.stripe.invoices.pay(failed?.id ?? '', { payment_method: visa })).status).toBe('paid');
    await settle();
    expect((await sweepSuspensions(deps)).restored).toEqual([sub.id]);
    expect((await sweepSuspensions(deps)).restored).toEqual([]);
    await settle();
    expect((await lead(keys.growth, 'g2', 90)).body).toMatchObject({ status: 'qualified' });
    expect(notices.filter((n) => n.includes('Agents paused'))).toEqual(['org_growth: Agents paused: payment required.']);
    expect(notices.filter((n) => n.includes('agents resumed'))).toEqual(['org_growth: Payment received: agents resumed.']);
  });

  it("security: an org's key reaches only its own leads and billing; bad input names the field", async () => {
    expect(await usedLeads(keys.other)).toBe(0);
    expect((await call('GET', '/api/billing/subscription', keys.other)).body).toBeNull();
    expect((await call('GET', '/api/billing/subscription', keys.growth)).body).toMatchObject({ planKey: 'growth', status: 'active' });
    expect(await lead(keys.other, 'o1', 90)).toMatchObject({ status: 403, body: { error: { code: 'subscription_inactive' } } });
    for (const key of [null, 'ak_forged']) expect((await call('GET', '/api/billing/usage', key)).status).toBe(401);
    for (const [body, param] of [
      [{ email: 'x@y.test', score: 50 }, 'id'],
      [{ id: 'x', email: 'x@y.test', score: 101 }, 'score'],
      [{ id: 'x', email: 'not an email', score: 5 }, 'email'],
      [{ id: 'x', email: 'x@y.test', score: 5, org: 'org_growth' }, ''],
    ] as const) {
      const refused = await call('POST', '/api/leads', keys.other, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error?.code).toBe('validation_failed');
      if (param) expect(refused.body.error?.param).toBe(param);
    }
    expect(await call('POST', '/api/billing/checkout', keys.other, { plan: 'enterprise' })).toMatchObject({ status: 400, body: { error: { param: 'plan' } } });
  });
});
