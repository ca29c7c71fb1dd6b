import { beforeEach, describe, expect, it } from 'vitest';
import { defineConfig } from '../../core/config/types.ts';
import { validateConfig } from '../../core/config/validate.ts';
import { createCheckout } from '../checkout/create.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../push/push.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { decrementGauge } from '../../usage/ledger/decrement-gauge.ts';
import { incrementGauge } from '../../usage/ledger/increment-gauge.ts';
import { setGauge } from '../../usage/ledger/set-gauge.ts';
import { changeSeats } from './change-seats.ts';
import { startSeatSync } from './seat-sync-worker.ts';
import { syncSeats } from './sync-seats.ts';
import { subscribe } from './subscribe.test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const config = defineConfig({
  currency: 'usd',
  features: { users: { type: 'gauge', name: 'Users', unit: 'user' } },
  plans: {
    free: { name: 'Free', default: true, features: { users: 1 } },
    team: {
      name: 'Team',
      perSeat: true,
      prices: { monthly: 100 },
      seatSync: { feature: 'users', minimum: 2, maximum: 50, debounceSeconds: 60, maxDelaySeconds: 600 },
      features: { users: 'unlimited' },
    },
  },
});

describe('seat sync: the quantity follows the user count', () => {
  const deps = perTest(() => createTestDeps({ config }));
  let subscription = '';
  let updates = 0;
  const users = (amount: number) => setGauge(deps, { customer: 'org_1', feature: 'users', amount });
  const quantity = async () => (await deps.stripe.subscriptions.retrieve(subscription)).items.data[0]?.quantity;

  beforeEach(async () => {
    unwrap(await pushConfig(deps, { apply: true }));
    subscription = (await subscribe(deps, 'org_1', 'team', { seats: 3 })).sub.id;
    unwrap(await users(3));
    updates = 0;
    // The SDK's request event (its `on` is typed any): every call it makes to Stripe.
    const on = deps.stripe.on as (this: unknown, event: 'request', listener: (r: { method: string; path: string }) => void) => void;
    on.call(deps.stripe, 'request', (r) => {
      if (r.method === 'POST' && r.path === `/v1/subscriptions/${subscription}`) updates++;
    });
  });

  it('a burst of adds and removes is one prorated Stripe call once the count is still; a pass with nothing to do calls nothing', async () => {
    for (let i = 0; i < 5; i++) {
      unwrap(await incrementGauge(deps, { customer: 'org_1', feature: 'users' }));
      deps.clock.advance(1_000);
    }
    unwrap(await decrementGauge(deps, { customer: 'org_1', feature: 'users' })); // 7 users
    expect(unwrap(await syncSeats(deps))).toEqual({ changed: [], waiting: [{ customer: 'org_1', subscription, from: 3, to: 7 }], failed: [] });
    deps.clock.advance(59_999);
    expect(unwrap(await syncSeats(deps)).waiting).toHaveLength(1);
    deps.clock.advance(1);
    expect(unwrap(await syncSeats(deps))).toEqual({ changed: [{ customer: 'org_1', subscription, from: 3, to: 7 }], waiting: [], failed: [] });
    expect(unwrap(await syncSeats(deps))).toEqual({ changed: [], waiting: [], failed: [] });
    expect(updates).toBe(1);
    expect(await quantity()).toBe(7);

    // Prorated: the next invoice carries the 4 added seats for the rest of the period, then 7 seats.
    const next = await deps.stripe.invoices.createPreview({ subscription });
    const lines = next.lines.data.map((l) => ({ quantity: l.quantity, amount: l.amount, proration: l.parent?.invoice_item_details?.proration ?? false }));
    expect(lines).toEqual(
      expect.arrayContaining([
        { quantity: 3, amount: -300, proration: true }, // unused time on 3 seats (a minute into the period)
        { quantity: 7, amount: 700, proration: true }, // remaining time on 7 seats
        { quantity: 7, amount: 700, proration: false }, // the next period's 7 seats
      ]),
    );

    // Removing users moves it back down the same way.
    unwrap(await users(4));
    deps.clock.advance(60_000);
    expect(unwrap(await syncSeats(deps)).changed).toEqual([{ customer: 'org_1', subscription, from: 7, to: 4 }]);
    expect(updates).toBe(2);
    expect(await quantity()).toBe(4);
  });

  it('bills at least the minimum and at most the maximum', async () => {
    unwrap(await users(0));
    deps.clock.advance(60_000);
    expect(unwrap(await syncSeats(deps)).changed).toEqual([{ customer: 'org_1', subscription, from: 3, to: 2 }]);
    unwrap(await users(80));
    deps.clock.advance(60_000);
    expect(unwrap(await syncSeats(deps)).changed).toEqual([{ customer: 'org_1', subscription, from: 2, to: 50 }]);
    unwrap(await users(60));
    deps.clock.advance(60_000);
    expect(unwrap(await syncSeats(deps)).changed).toEqual([]);
    expect(await quantity()).toBe(50);
  });

  it('a count that never rests is sent once the subscription has waited maxDelaySeconds', async () => {
    let sent: unknown[] = [];
    for (let step = 0; step < 30 && sent.length === 0; step++) {
      unwrap(await incrementGauge(deps, { customer: 'org_1', feature: 'users' }));
      deps.clock.advance(30_000);
      sent = unwrap(await syncSeats(deps)).changed;
    }
    expect(sent).toEqual([{ customer: 'org_1', subscription, from: 3, to: 23 }]);
    expect(updates).toBe(1);
  });

  it('passes on two nodes at once change Stripe once (one idempotency key); a worker runs passes on a timer', async () => {
    unwrap(await users(9));
    deps.clock.advance(60_000);
    const [a, b] = await Promise.all([syncSeats(deps), syncSeats(deps)]);
    expect([...unwrap(a).changed, ...unwrap(b).changed].every((c) => c.to === 9)).toBe(true);
    const updated = (await deps.stripe.events.list({ type: 'customer.subscription.updated', limit: 100 })).data;
    expect(updated.filter((e) => (e.data.object as { id: string }).id === subscription)).toHaveLength(1);
    expect(await quantity()).toBe(9);

    const worker = startSeatSync(deps, { intervalMs: 3_600_000 });
    unwrap(await users(12));
    deps.clock.advance(60_000);
    expect((await worker.runOnce()).changed).toEqual([{ customer: 'org_1', subscription, from: 9, to: 12 }]);
    await worker.stop();
  });

  it('bad input is a 400 naming the field, and nothing is written', async () => {
    expect(await changeSeats(deps, { customer: 'org_1', seats: 1 })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', param: 'seats', message: expect.stringContaining('at least 2') as unknown },
    });
    expect(await changeSeats(deps, { customer: 'org_1', seats: 51 })).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'seats' } });
    expect(await changeSeats(deps, { customer: 'org_1', seats: -3 })).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'seats' } });
    expect(await setGauge(deps, { customer: 'org_1', feature: 'users', amount: -1 })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', param: 'amount' },
    });
    expect(await syncSeats(deps, { customer: '' })).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'customer' } });
    const urls = { successUrl: 'https://app.test/ok', cancelUrl: 'https://app.test/no' };
    expect(await createCheckout(deps, { customer: 'org_2', plan: 'team', seats: 1, ...urls })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', param: 'seats' },
    });
    expect(await createCheckout(deps, { customer: 'org_2', plan: 'teams', ...urls })).toMatchObject({
      ok: false,
      error: { code: 'plan_not_found', param: 'plan' },
    });
    expect(updates).toBe(0);
    expect(await quantity()).toBe(3);
    // Checkout without seats starts at the minimum.
    const session = unwrap(await createCheckout(deps, { customer: 'org_2', plan: 'team', ...urls }));
    expect((await deps.stripe.checkout.sessions.listLineItems(session.id)).data[0]?.quantity).toBe(2);
  });

  it('the config names what is wrong with a seat sync', () => {
    const bad = (seatSync: object, perSeat = true): string[] => {
      const plans = { team: { name: 'Team', perSeat, prices: { monthly: 100 }, seatSync, features: {} } };
      const checked = validateConfig({ features: { users: { type: 'gauge' }, calls: { type: 'metered', reset: 'month' } }, plans });
      return checked.ok ? [] : checked.error.map((e) => e.param ?? '');
    };
    expect(bad({ feature: 'users' })).toEqual([]);
    expect(bad({ feature: 'users' }, false)).toEqual(['plans.team.seatSync']);
    expect(bad({ feature: 'nope' })).toEqual(['plans.team.seatSync.feature']);
    expect(bad({ feature: 'calls' })).toEqual(['plans.team.seatSync.feature']);
    expect(bad({ feature: 'users', minimum: 5, maximum: 4 })).toEqual(['plans.team.seatSync.maximum']);
    expect(bad({ feature: 'users', minimum: 0 })).toEqual(['plans.team.seatSync.minimum']);
    expect(bad({ feature: 'users', debounceSeconds: 120, maxDelaySeconds: 60 })).toEqual(['plans.team.seatSync.maxDelaySeconds']);
    expect(bad({ feature: 'users', every: 5 })).toEqual(['plans.team.seatSync']);
  });
});
