import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../core/db/connect.ts';
import { queryRows } from '../../core/db/sql.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { applyStripeObject } from './apply.ts';
import { applyBatch } from './batch.ts';
import { runSubscriptionScenario } from './scenario.test-support.ts';
import { perSuite } from '../../testing/per-test.test-support.ts';

type Road = (deps: Deps, object: Stripe.Customer | Stripe.Subscription) => Promise<unknown>;

const ROADS: Record<string, Road> = {
  'one by one': (deps, object) => applyStripeObject(deps, object),
  batch: (deps, object) => applyBatch(deps, [{ object, event: { id: `evt_${object.id}`, created: unixSeconds(deps.clock.now()) } }]),
};

/**
 * A subscription mirrored before its customer, on one node, while the
 * customer arrives on another: each transaction alone would miss the other's
 * uncommitted row. The customer's writer must wait for the subscription's
 * transaction (the Stripe customer's lock), then link it.
 */
describe.runIf(testDriver() === 'postgres')('a customer and its subscription mirrored at once on two nodes', () => {
  const deps = perSuite(createTestDeps);
  let customer: Stripe.Customer;
  let subscription: Stripe.Subscription;
  beforeAll(async () => {
    const s = await runSubscriptionScenario(deps.stripe, 'user_race');
    customer = (await deps.stripe.customers.retrieve(s.customer.id)) as Stripe.Customer;
    subscription = await deps.stripe.subscriptions.retrieve(s.created.id);
  });

  for (const [name, road] of Object.entries(ROADS)) {
    it(`${name}: the subscription points at its customer`, async () => {
      const other = await connect({ url: deps.database.url ?? '', searchPath: deps.database.schema, poolSize: 2 });
      try {
        await deps.db.execute(sql`delete from subscription_items; delete from subscriptions; delete from customers`);
        let release = (): void => {};
        const held = new Promise<void>((resolve) => (release = resolve));
        let subscriptionSaved = (): void => {};
        const saved = new Promise<void>((resolve) => (subscriptionSaved = resolve));
        const first = deps.db.transaction(async (tx) => {
          await road({ ...deps, db: tx }, subscription);
          subscriptionSaved();
          await held;
        });
        await saved;
        let customerDone = false;
        const second = other.db.transaction((tx) => road({ ...deps, db: tx }, customer)).finally(() => (customerDone = true));
        // The customer's writer either finishes (it did not wait) or is seen waiting on a lock.
        let waited = false;
        while (!customerDone && !waited) {
          const [row] = await queryRows<{ n: number }>(
            deps.db,
            sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event = 'advisory'`,
          );
          waited = (row?.n ?? 0) > 0;
        }
        release();
        await Promise.all([first, second]);
        expect(waited).toBe(true);
        const [linked] = await queryRows<{ external_id: string | null }>(
          deps.db,
          sql`select c.external_id from subscriptions s left join customers c on c.id = s.customer_id where s.id = ${subscription.id}`,
        );
        expect(linked?.external_id).toBe('user_race');
      } finally {
        await other.close();
      }
    });
  }
});
