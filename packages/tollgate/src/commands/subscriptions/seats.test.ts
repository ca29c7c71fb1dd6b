import { beforeEach, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../edges/cli/commands/init-templates.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../push/push.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { changePlan } from './change-plan.ts';
import { changeSeats } from './change-seats.ts';
import { subscribe } from './subscribe.test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe('seats on a per-seat plan', () => {
  const config = TEMPLATES['per-seat']?.config;
  if (!config) throw new Error('no per-seat template');
  const deps = perTest(() => createTestDeps({ config }));
  beforeEach(async () => {
    unwrap(await pushConfig(deps, { apply: true }));
  });

  it('changes the quantity, invoices added seats now, and refuses no-ops and bad counts', async () => {
    const { sub } = await subscribe(deps, 'org_1', 'team', { seats: 3 });

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
    const { customer, sub } = await subscribe(deps, 'org_2', 'team', { seats: 3 });
    const failing = await deps.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.stripeCustomerId });
    await deps.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });

    const refused = await changeSeats(deps, { customer: 'org_2', seats: 10 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'payment_failed', param: 'seats' } });
    expect((await deps.stripe.subscriptions.retrieve(sub.id)).items.data[0]?.quantity).toBe(3);
    // Fewer seats never wait for a payment.
    expect(unwrap(await changeSeats(deps, { customer: 'org_2', seats: 2 }))).toMatchObject({ quantity: 2 });
  });
});
