import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCheckout } from '../commands/checkout/create.ts';
import { unwrap } from '../core/lib/result.ts';
import { pushConfig } from '../commands/push/push.ts';
import { testDriver } from '../testing/db.ts';
import { createTestDeps } from '../testing/deps.ts';
import { SCENARIO_TIMEOUT_MS } from '../testing/now.ts';
import { recordEvents, shuffle, snapshotAfterDeliveries } from '../stripe-in/webhooks/test-support.ts';
import { licenseTestConfig, payOnHostedPage } from './fixtures.test-support.ts';
import { perSuite } from '../testing/per-test.test-support.ts';

/** Licenses and their hooks after a delivery, minus what differs between runs (ids, keys, times). */
const SNAPSHOT = {
  licenses: `select l.subscription_id, l.external_id, l.plan_key, l.status, l.status_reason, l.activation_limit, l.features, l.expires_at
    from licenses l order by l.subscription_id`,
  hooks: `select type, external_id, payload -> 'license' ->> 'subscriptionId' as subscription from outbox where type like 'license.%' order by type, 3`,
};

/**
 * Checkout on the emulator's hosted page -> webhooks -> one license, however
 * the webhooks arrive: in order, reversed, shuffled, duplicated, batched, and
 * (Postgres) raced by three nodes.
 */
describe('a license is issued once per paid checkout, whatever the webhook order', () => {
  const deps = perSuite(() => createTestDeps({ config: licenseTestConfig }));
  let events: Stripe.Event[];
  beforeAll(async () => {
    unwrap(await pushConfig(deps, { apply: true }));
    events = recordEvents(deps);
    for (const [customer, plan] of [
      ['user_a', 'pro'],
      ['user_b', 'pro'],
      ['user_c', 'team'],
    ] as const) {
      const session = unwrap(
        await createCheckout(deps, { customer, plan, interval: 'month', successUrl: 'https://app.example.com/ok', cancelUrl: 'https://app.example.com/no' }),
      );
      await payOnHostedPage(session, `${customer}@example.com`);
    }
  }, SCENARIO_TIMEOUT_MS);

  const licensesAfter = (sequence: Stripe.Event[], inFlight = 1, nodes = 1) => snapshotAfterDeliveries(deps, sequence, SNAPSHOT, inFlight, nodes);

  it(
    'in order: one active license per paid pro subscription (none for team, which grants none), one issued hook each',
    { timeout: SCENARIO_TIMEOUT_MS },
    async () => {
      expect(events.filter((e) => e.type === 'checkout.session.completed')).toHaveLength(3);
      const inOrder = await licensesAfter(events);
      expect(inOrder.licenses).toHaveLength(2);
      expect(inOrder.licenses).toEqual([
        expect.objectContaining({
          external_id: 'user_a',
          plan_key: 'pro',
          status: 'active',
          activation_limit: 3,
          features: ['export', 'sso'],
          expires_at: null,
        }),
        expect.objectContaining({ external_id: 'user_b', plan_key: 'pro', status: 'active' }),
      ]);
      expect((inOrder.hooks as { type: string }[]).map((h) => h.type)).toEqual(['license.issued', 'license.issued']);

      expect(await licensesAfter([...events].reverse())).toEqual(inOrder);
      for (const seed of [1, 7, 42]) expect(await licensesAfter(shuffle(events, seed))).toEqual(inOrder);
      expect(await licensesAfter(shuffle([...events, ...events], 99))).toEqual(inOrder);
      // Many deliveries at once: webhook batches (the set-based road).
      expect(await licensesAfter(shuffle([...events, ...shuffle(events, 3)], 5), events.length)).toEqual(inOrder);
      expect(await licensesAfter(shuffle(events, 11), 12)).toEqual(inOrder);
    },
  );

  it.runIf(testDriver() === 'postgres')('delivered to three nodes at once, duplicated: the same licenses', { timeout: SCENARIO_TIMEOUT_MS }, async () => {
    const inOrder = await licensesAfter(events);
    for (const seed of [2, 13]) expect(await licensesAfter(shuffle([...events, ...events], seed), events.length * 2, 3)).toEqual(inOrder);
  });
});
