import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../edges/cli/commands/init-templates.ts';
import type { TollgateConfig } from '../../core/config/types.ts';
import { getOrCreateCustomer } from '../../commands/customers/get-or-create.ts';
import { check } from '../entitlements/check.ts';
import { unwrap } from '../../core/lib/result.ts';
import { applyStripeObject } from '../../stripe-in/mirror/apply.ts';
import { pushConfig } from '../../commands/push/push.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { recordItemUsage } from './record-item-usage.ts';
import { perSuite } from '../../testing/per-test.test-support.ts';

describe("recordItemUsage: Stripe's removed createUsageRecord, on the customer's own metered item", () => {
  const deps = perSuite(() => createTestDeps({ config: TEMPLATES.marketplace?.config as TollgateConfig }));
  let metered = '';
  let licensed = '';
  const seconds = () => Math.floor(deps.clock.now().getTime() / 1000);

  beforeAll(async () => {
    unwrap(await pushConfig(deps, { apply: true }));
    const prices = await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:pro:month', 'tollgate:overage:pro:executions'] });
    const price = (key: string) => prices.data.find((p) => p.lookup_key === key)?.id ?? '';
    for (const org of ['org_a', 'org_b']) {
      const { customer } = unwrap(await getOrCreateCustomer(deps, { externalId: org }));
      const pm = await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.stripeCustomerId });
      const sub = await deps.stripe.subscriptions.create({
        customer: customer.stripeCustomerId,
        items: [{ price: price('tollgate:plan:pro:month') }, { price: price('tollgate:overage:pro:executions') }],
        default_payment_method: pm.id,
      });
      await applyStripeObject(deps, sub);
      if (org === 'org_a') {
        metered = sub.items.data.find((i) => i.price.recurring?.usage_type === 'metered')?.id ?? '';
        licensed = sub.items.data.find((i) => i.price.recurring?.usage_type === 'licensed')?.id ?? '';
      }
    }
  });

  it("tracks the quantity as the item's feature, once per idempotency key", async () => {
    const recorded = unwrap(
      await recordItemUsage(deps, {
        customer: 'org_a',
        subscriptionItem: metered,
        quantity: 100,
        timestamp: seconds(),
        action: 'increment',
        idempotencyKey: 'run-1',
      }),
    );
    expect(recorded).toMatchObject({
      customer: 'org_a',
      feature: 'executions',
      amount: 100,
      duplicate: false,
      timestamp: new Date(seconds() * 1000).toISOString(),
    });
    const again = unwrap(
      await recordItemUsage(deps, { customer: 'org_a', subscriptionItem: metered, quantity: 100, timestamp: seconds(), idempotencyKey: 'run-1' }),
    );
    expect(again).toMatchObject({ id: recorded.id, duplicate: true });
    unwrap(await recordItemUsage(deps, { customer: 'org_a', subscriptionItem: metered, quantity: 5 }));
    expect(unwrap(await check(deps, { customer: 'org_a', feature: 'executions' }))).toMatchObject({ used: 105 });
  });

  it("another customer's item is not_found, as an unknown one; nothing is recorded", async () => {
    for (const customer of ['org_b', 'nobody']) {
      expect(await recordItemUsage(deps, { customer, subscriptionItem: metered, quantity: 1 })).toEqual({
        ok: false,
        error: { code: 'not_found', message: `no subscription item "${metered}" for this customer`, param: 'subscriptionItem' },
      });
    }
    expect(unwrap(await check(deps, { customer: 'org_b', feature: 'executions' }))).toMatchObject({ used: 0 });
  });

  it('bad input is a 400 naming the field, and nothing is written', async () => {
    const base = { customer: 'org_a', subscriptionItem: metered, quantity: 1 };
    const cases: [Partial<typeof base> & Record<string, unknown>, string][] = [
      [{ quantity: -1 }, 'quantity'],
      [{ quantity: 0 }, 'quantity'],
      [{ quantity: 1.5 }, 'quantity'],
      [{ action: 'set' }, 'action'],
      [{ action: 'clear' }, 'action'],
      [{ timestamp: 1.5 }, 'timestamp'],
      [{ timestamp: seconds() - 40 * 86_400 }, 'timestamp'],
      [{ timestamp: seconds() * 1000 }, 'timestamp'],
      [{ subscriptionItem: '' }, 'subscriptionItem'],
      [{ subscriptionItem: licensed }, 'subscriptionItem'],
      [{ customer: '' }, 'customer'],
      [{ idempotencyKey: 'x'.repeat(256) }, 'idempotencyKey'],
    ];
    for (const [change, param] of cases) {
      const result = await recordItemUsage(deps, { ...base, ...change });
      expect(result, JSON.stringify(change)).toMatchObject({ ok: false, error: { code: 'validation_failed', param } });
    }
    expect((await recordItemUsage(deps, { ...base, action: 'set' })).ok).toBe(false);
    expect(unwrap(await check(deps, { customer: 'org_a', feature: 'executions' }))).toMatchObject({ used: 105 });
  });
});
