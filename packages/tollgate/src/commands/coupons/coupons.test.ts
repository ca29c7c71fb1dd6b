import { describe, expect, it } from 'vitest';
import { runTollgate } from '../../edges/cli/test-support.ts';
import type { TollgateConfig } from '../../core/config/types.ts';
import { validateConfig } from '../../core/config/validate.ts';
import { computeMrr } from '../../reads/metrics/compute-mrr.ts';
import { unwrap } from '../../core/lib/result.ts';
import { describeStep } from '../push/describe.ts';
import { pushConfig } from '../push/push.ts';
import { createTestApp } from '../../edges/server/app.test-support.ts';
import { testDriver } from '../../testing/db.ts';
import { applyDiscount } from './apply.ts';
import { perSuite } from '../../testing/per-test.test-support.ts';

const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };
const urls = { success_url: 'https://app.test/ok', cancel_url: 'https://app.test/no' };
const NOW = '2026-03-02T12:00:00Z';
const config: TollgateConfig = {
  currency: 'usd',
  features: { messages: { type: 'metered', reset: 'month' } },
  plans: {
    free: { name: 'Free', default: true, features: { messages: 10 } },
    pro: { name: 'Pro', prices: { monthly: 1500 }, promotionCodes: true, features: { messages: 1000 } },
  },
  coupons: {
    launch: { name: 'Launch', percentOff: 20, duration: 'forever', codes: { LAUNCH20: {}, SPRING: { expiresAt: '2026-03-05T00:00:00Z' } } },
    welcome: { amountOff: 500, duration: { months: 3 } },
  },
};

function problems(raw: unknown): string[] {
  const result = validateConfig(raw);
  return result.ok ? [] : result.error.map((e) => e.message);
}

describe('coupons in the config', () => {
  it('names what is wrong', () => {
    expect(problems({ ...config, coupons: { both: { percentOff: 10, amountOff: 5, duration: 'once' } } })).toEqual([
      'tollgate.config.ts: coupons.both: give exactly one of percentOff and amountOff',
    ]);
    expect(
      problems({
        ...config,
        coupons: { a: { percentOff: 10, duration: 'once', codes: { SAME: {} } }, b: { percentOff: 5, duration: 'once', codes: { same: {} } } },
      }),
    ).toEqual(['tollgate.config.ts: coupons.b.codes.same: the code is already a promotion code of coupon "a" (codes are case-insensitive)']);
    expect(problems({ ...config, coupons: { a: { percentOff: 10, duration: 'once', codes: { SPRING: { expiresAt: 'soon' } } } } })).toEqual([
      'tollgate.config.ts: coupons.a.codes.SPRING.expiresAt: must be an ISO 8601 instant (2026-06-30T00:00:00Z)',
    ]);
  });
});

describe(`coupons and promotion codes (HTTP, emulator, ${testDriver()})`, () => {
  const t = perSuite(() => createTestApp({ deps: { stripe: true, config, now: NOW } }));
  const post = (path: string, auth: string, body: unknown) => t.call('POST', `/api/v1/billing/${path}`, { auth, body });

  it('pushes coupons and their codes with the plans, then has nothing to do; new terms make a new coupon', async () => {
    const first = unwrap(await pushConfig(t.deps, { apply: true }));
    const lines = first.plan.steps.map(describeStep);
    expect(lines.filter((l) => l.includes('coupon') || l.includes('code'))).toEqual([
      expect.stringMatching(/^\+ coupon {3}launch \(tollgate_launch_[0-9a-f]{8}\): 20% off, forever$/),
      expect.stringMatching(/^\+ coupon {3}welcome \(tollgate_welcome_[0-9a-f]{8}\): 500 usd off, 3 months$/),
      '+ code     LAUNCH20 for coupon launch',
      '+ code     SPRING for coupon launch, expires 2026-03-05T00:00:00.000Z',
    ]);
    expect(unwrap(await pushConfig(t.deps, { apply: false })).plan.steps).toEqual([]);
    const codes = (await t.deps.stripe.promotionCodes.list({ active: true })).data.map((c) => c.code).sort();
    expect(codes).toEqual(['LAUNCH20', 'SPRING']);

    const dearer = validateConfig({ ...config, coupons: { ...config.coupons, welcome: { amountOff: 700, duration: { months: 3 } } } });
    if (!dearer.ok) throw new Error('bad config');
    const changed = unwrap(await pushConfig({ ...t.deps, config: dearer.value }, { apply: false }));
    expect(changed.plan.steps.map((s) => s.type)).toEqual(['create_coupon', 'delete_coupon']);
  });

  it('a promotion code typed on the hosted Checkout page discounts the subscription, and MRR', async () => {
    const token = await t.tokenFor('u_promo');
    const session = (await (await post('checkout/session', token, { plan: 'pro', ...urls })).json()) as { id: string; url: string };
    const applied = await fetch(session.url, { method: 'POST', body: new URLSearchParams({ action: 'apply_promotion', promotion_code: 'launch20' }) });
    expect(applied.status).toBe(200);
    expect(await applied.text()).toContain('LAUNCH20');
    expect((await fetch(session.url, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' })).status).toBe(303);
    const synced = (await (await post('checkout/sync', token, { session_id: session.id })).json()) as { subscription: { id: string } };
    const sub = await t.deps.stripe.subscriptions.retrieve(synced.subscription.id, { expand: ['latest_invoice'] });
    expect(sub.latest_invoice).toMatchObject({ amount_due: 1200, total_discount_amounts: [{ amount: 300 }] });
    expect(await computeMrr(t.deps)).toEqual([{ currency: 'usd', mrr: 1200, arr: 14_400, subscriptions: 1 }]);
  });

  it('the operator applies a coupon (route and CLI usage); an expired or unknown code is refused by name, nothing written', async () => {
    const applied = await post('discounts', t.secretKey, { customer: 'u_promo', coupon: 'welcome' });
    expect(applied.status, await applied.clone().text()).toBe(200);
    // 20% off forever and $5 off for 3 months: MRR counts the first recurring discount as today.
    expect((await applied.json()) as unknown).toMatchObject({ subscription: { plan_key: 'pro', status: 'active' } });
    expect((await t.deps.stripe.subscriptions.list({ limit: 10 })).data[0]?.discounts).toHaveLength(2);

    const token = await t.tokenFor('u_promo');
    expect((await post('discounts', token, { customer: 'u_promo', coupon: 'welcome' })).status).toBe(403);
    const before = await t.rowCounts();
    t.deps.clock.set(Date.parse('2026-03-06T00:00:00Z'));
    const expired = await post('discounts', t.secretKey, { customer: 'u_promo', promotion_code: 'spring' });
    expect(expired.status).toBe(400);
    expect(await expired.json()).toEqual({
      error: { code: 'promotion_code_inactive', message: 'promotion code "SPRING" expired at 2026-03-05T00:00:00.000Z', param: 'promotion_code' },
    });
    const unknown = await post('discounts', t.secretKey, { customer: 'u_promo', coupon: 'nope' });
    expect(await unknown.json()).toMatchObject({ error: { code: 'coupon_not_found', param: 'coupon' } });
    expect(await t.rowCounts()).toEqual(before);
    expect((await t.deps.stripe.subscriptions.list({ limit: 10 })).data[0]?.discounts).toHaveLength(2);
    expect(await applyDiscount(t.deps, { customer: 'u_nobody', coupon: 'welcome' })).toMatchObject({
      ok: false,
      error: { code: 'customer_not_found', param: 'customer' },
    });

    const usage = await runTollgate(['discounts', 'apply', '--customer', 'u_promo']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('give either --coupon KEY or --code PROMO');
  });
});
