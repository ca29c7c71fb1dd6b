import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../edges/cli/commands/init-templates.ts';
import { planPriceLookupKey } from '../../core/config/stripe-keys.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import { unwrap } from '../../core/lib/result.ts';
import { applyStripeObject } from '../../stripe-in/mirror/apply.ts';
import { pushConfig } from '../push/push.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { changePlan } from './change-plan.ts';
import { changeSeats } from './change-seats.ts';

describe('seats on a per-seat plan', () => {
  let deps: TestDeps;
  beforeEach(async () => {
    const config = TEMPLATES['per-seat']?.config;
    if (!config) throw new Error('no per-seat template');
    deps = await createTestDeps({ config });
    unwrap(await pushConfig(deps, { apply: true }));
  });
  afterEach(() => deps.close());

  it('changes the quantity, invoices added seats now, and refuses no-ops and bad counts', async () => {
    const { customer } = unwrap(await getOrCreateCustomer(deps, { externalId: 'org_1' }));
    const pm = await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.stripeCustomerId });
    const [price] = (await deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey('team', 'month')] })).data;
    const sub = await deps.stripe.subscriptions.create({
      customer: customer.stripeCustomerId,
      items: [{ price: price?.id ?? '', quantity: 3 }],
      default_payment_method: pm.id,
    });
    await applyStripeObject(deps, sub);

    const more = unwrap(await changeSeats(deps, { customer: 'org_1', seats: 5 }));
    expect(more).toMatchObject({ id: sub.id, quantity: 5, amount: 5000 });
    const fresh = await deps.stripe.subscriptions.retrieve(sub.id);
    expect(fresh.items.data[0]?.quantity).toBe(5);
    const invoices = await deps.stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.length).toBeGreaterThanOrEqual(2);

    expect(await changeSeats(deps, { customer: 'org_1', seats: 5 })).toMatchObject({ ok: false, error: { code: 'nothing_to_change', param: 'seats' } });
    expect(await changeSeats(deps, { customer: 'org_1', seats: 0 })).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'seats' } });
    // Yearly keeps the seat count and bills now (a longer interval is an upgrade).
    const yearly = unwrap(await changePlan(deps, { customer: 'org_1', plan: 'team', interval: 'year' }));
    expect(yearly).toMatchObject({ direction: 'upgrade', effective: 'now', subscription: { interval: 'year', quantity: 5 } });
  });

  it('more seats take effect once their invoice is paid: a failed payment keeps the seat count (payment_failed)', async () => {
    const { customer } = unwrap(await getOrCreateCustomer(deps, { externalId: 'org_2' }));
    const visa = await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.stripeCustomerId });
    const [price] = (await deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey('team', 'month')] })).data;
    const sub = await deps.stripe.subscriptions.create({
      customer: customer.stripeCustomerId,
      items: [{ price: price?.id ?? '', quantity: 3 }],
      default_payment_method: visa.id,
    });
    await applyStripeObject(deps, sub);
    const failing = await deps.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.stripeCustomerId });
    await deps.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });

    const refused = await changeSeats(deps, { customer: 'org_2', seats: 10 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'payment_failed', param: 'seats' } });
    expect((await deps.stripe.subscriptions.retrieve(sub.id)).items.data[0]?.quantity).toBe(3);
    // Fewer seats never wait for a payment.
    expect(unwrap(await changeSeats(deps, { customer: 'org_2', seats: 2 }))).toMatchObject({ quantity: 2 });
  });
});
