import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrCreateCustomer } from '../../commands/customers/get-or-create.ts';
import { queryRows } from '../../core/db/sql.ts';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { type LiveEndpoint, startLiveEndpoint } from '../webhooks/live-endpoint.test-support.ts';
import { perSuite } from '../../testing/per-test.test-support.ts';

/**
 * The app creates its customer (`getOrCreateCustomer` applies Stripe's answer
 * on the one-by-one road) while Stripe delivers that customer's
 * `customer.created` to the webhook (the batch road). Both link the app's id:
 * they must take the customer's two locks in one order. Taken in two orders
 * they deadlocked on Postgres (found by the examples' tests): the app's call
 * or the delivery failed, in every run of 30.
 */
describe.runIf(testDriver() === 'postgres')("the app's new customer and its customer.created webhook at once", () => {
  const deps = perSuite(createTestDeps);
  let live: LiveEndpoint;
  beforeAll(async () => {
    live = await startLiveEndpoint(deps);
  });
  afterAll(() => live.close());

  it('link every customer once, with no deadlock on either side', async () => {
    for (let i = 0; i < 30; i++) unwrap(await getOrCreateCustomer(deps, { externalId: `org_${i}`, email: `org${i}@example.com` }));
    const statuses = await live.settled();
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(await queryRows(deps.db, sql`select id, error from payment_events where error is not null`)).toEqual([]);
    const [linked] = await queryRows<{ n: string }>(
      deps.db,
      sql`select count(*) as n from customers where external_id like 'org_%' and stripe_customer_id is not null`,
    );
    expect(Number(linked?.n)).toBe(30);
  });
});
