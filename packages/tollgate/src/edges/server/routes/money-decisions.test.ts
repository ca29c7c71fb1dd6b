import { beforeAll, describe, expect, it } from 'vitest';
import { planPriceLookupKey } from '../../../core/config/stripe-keys.ts';
import { defaultConfig } from '../../../core/config/default-config.ts';
import type { TollgateConfig } from '../../../core/config/types.ts';
import { unwrap } from '../../../core/lib/result.ts';
import { pushConfig } from '../../../commands/push/push.ts';
import { testDriver } from '../../../testing/db.ts';
import { createTestApp } from '../app.test-support.ts';
import { perSuite } from '../../../testing/per-test.test-support.ts';

/** The default plans, plus a hidden legacy plan, promotion codes on Business, and a one-time product. */
const config: TollgateConfig = {
  ...defaultConfig,
  plans: {
    ...defaultConfig.plans,
    business: { ...defaultConfig.plans.business, promotionCodes: true },
    legacy: { name: 'Legacy', prices: { monthly: 100 }, hidden: true, features: { messages: 5000, agents: 50, analytics: true } },
  },
  products: { agent_template: { name: 'Agent template', price: 900 } },
};
const urls = { success_url: 'https://app.example/ok?session_id={CHECKOUT_SESSION_ID}', cancel_url: 'https://app.example/pricing' };
const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };

describe(`a customer token never makes a money decision (HTTP, emulator, ${testDriver()})`, () => {
  const t = perSuite(() => createTestApp({ deps: { stripe: true, config, now: '2026-03-31T23:00:00Z' } }));
  beforeAll(async () => {
    unwrap(await pushConfig(t.deps, { apply: true }));
  });

  const post = (path: string, auth: string, body: unknown) => t.call('POST', `/api/v1/billing/${path}`, { auth, body });
  async function expectRefused(response: Response, status: number, code: string, param: string) {
    const body = (await response.json()) as { error: { code: string; param?: string } };
    expect(response.status, JSON.stringify(body)).toBe(status);
    expect(body.error).toMatchObject({ code, param });
  }
  async function payAndSync(auth: string, session: { id: string; url: string }, customer?: string) {
    const paid = await fetch(session.url, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' });
    expect(paid.status).toBe(303);
    const synced = await post('checkout/sync', auth, { session_id: session.id, ...(customer ? { customer } : {}) });
    return ((await synced.json()) as { subscription: { status: string; plan_key: string; trial_end: string | null; current_period_start: string | null } })
      .subscription;
  }
  const internalPrice = async () => (await t.deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey('legacy', 'month')] })).data[0]!.id;

  it('checkout/session: trial_days, price_id, metadata and allow_promotion_codes from a token are 403 naming the field; nothing written, nothing sent to Stripe', async () => {
    const token = await t.tokenFor('u_attacker');
    const before = { rows: await t.rowCounts(), customers: (await t.deps.stripe.customers.list({ limit: 100 })).data.length };
    const attempts: [Record<string, unknown>, string][] = [
      [{ plan: 'business', trial_days: 730 }, 'trial_days'],
      [{ price_id: await internalPrice() }, 'price_id'],
      [{ plan: 'pro', metadata: { tenant: 'someone_else' } }, 'metadata'],
      [{ plan: 'pro', allow_promotion_codes: true }, 'allow_promotion_codes'],
    ];
    for (const [fields, param] of attempts) await expectRefused(await post('checkout/session', token, { ...urls, ...fields }), 403, 'forbidden', param);
    expect(await t.rowCounts()).toEqual(before.rows);
    expect((await t.deps.stripe.customers.list({ limit: 100 })).data).toHaveLength(before.customers);
  });

  it("the plan's trial goes to first-time subscribers only: a returning customer's token checkout has none", async () => {
    const token = await t.tokenFor('u_trial');
    const first = (await (await post('checkout/session', token, { plan: 'pro', ...urls })).json()) as { id: string; url: string };
    expect(await payAndSync(token, first)).toMatchObject({ status: 'trialing', plan_key: 'pro' });
    const ended = await post('subscription/cancel', t.secretKey, { customer: 'u_trial', at_period_end: false });
    expect(ended.status).toBe(200);
    const second = (await (await post('checkout/session', token, { plan: 'pro', ...urls })).json()) as { id: string; url: string };
    expect(await payAndSync(token, second)).toMatchObject({ status: 'active', plan_key: 'pro', trial_end: null });
  });

  it("the same decisions with a secret key are the operator's: a 30-day trial, an internal price", async () => {
    const created = await post('checkout/session', t.secretKey, { customer: 'u_op', plan: 'business', trial_days: 30, metadata: { tenant: 't1' }, ...urls });
    expect(created.status).toBe(201);
    const synced = await payAndSync(t.secretKey, (await created.json()) as { id: string; url: string }, 'u_op');
    expect(synced).toMatchObject({ status: 'trialing', plan_key: 'business' });
    expect((Date.parse(synced.trial_end ?? '') - Date.parse(synced.current_period_start ?? '')) / 86_400_000).toBe(30);
    const raw = await post('checkout/session', t.secretKey, { customer: 'u_op2', price_id: await internalPrice(), ...urls });
    expect(raw.status).toBe(201);
  });

  it('promotion codes come from the config per plan; hidden plans are not offered to a token', async () => {
    const token = await t.tokenFor('u_promo');
    const business = (await (await post('checkout/session', token, { plan: 'business', ...urls })).json()) as { id: string };
    expect((await t.deps.stripe.checkout.sessions.retrieve(business.id)).allow_promotion_codes).toBe(true);
    const pro = (await (await post('checkout/session', token, { plan: 'pro', ...urls })).json()) as { id: string };
    expect((await t.deps.stripe.checkout.sessions.retrieve(pro.id)).allow_promotion_codes).toBeFalsy();
    await expectRefused(await post('checkout/session', token, { plan: 'legacy', ...urls }), 409, 'plan_not_self_serve', 'plan');
    const assigned = (await (await post('checkout/session', t.secretKey, { customer: 'u_promo', plan: 'legacy', ...urls })).json()) as {
      id: string;
      url: string;
    };
    expect(await payAndSync(t.secretKey, assigned, 'u_promo')).toMatchObject({ plan_key: 'legacy' });
    // On the hidden plan, the customer may still change its interval or seats there, but cannot move onto another hidden plan or back to it once gone.
    await expectRefused(await post('subscription/change/preview', token, { plan: 'legacy' }), 409, 'nothing_to_change', 'plan');
    expect((await post('subscription/change', token, { plan: 'business', when: 'now' })).status).toBe(200);
    await expectRefused(await post('subscription/change', token, { plan: 'legacy' }), 409, 'plan_not_self_serve', 'plan');
  });

  it('checkout/purchase: a token buys a config product; an ad-hoc amount or app metadata is 403; a secret key may', async () => {
    const token = await t.tokenFor('u_buyer');
    expect((await post('checkout/purchase', token, { product: 'agent_template', ...urls })).status).toBe(201);
    const before = await t.rowCounts();
    await expectRefused(await post('checkout/purchase', token, { amount: { amount: 1, currency: 'usd', name: 'Agent' }, ...urls }), 403, 'forbidden', 'amount');
    await expectRefused(
      await post('checkout/purchase', token, { product: 'agent_template', metadata: { agent_id: 'agt_9' }, ...urls }),
      403,
      'forbidden',
      'metadata',
    );
    expect(await t.rowCounts()).toEqual(before);
    const operator = await post('checkout/purchase', t.secretKey, {
      customer: 'u_buyer',
      amount: { amount: 1900, currency: 'usd', name: 'Agent' },
      metadata: { agent_id: 'agt_9' },
      ...urls,
    });
    expect(operator.status).toBe(201);
  });

  it('subscription/cancel: prorate (a credit) from a token is 403', async () => {
    const token = await t.tokenFor('u_trial');
    await expectRefused(await post('subscription/cancel', token, { at_period_end: false, prorate: true }), 403, 'forbidden', 'prorate');
  });
});
