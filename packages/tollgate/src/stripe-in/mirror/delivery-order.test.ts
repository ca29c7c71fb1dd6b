import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { recordEvents, shuffle, snapshotAfterDeliveries } from '../webhooks/test-support.ts';
import { runPastDueScenario, runSubscriptionScenario } from './scenario.test-support.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import { SCENARIO_TIMEOUT_MS } from '../../testing/now.ts';
import { perSuite } from '../../testing/per-test.test-support.ts';

/** Mirror content, minus bookkeeping that legitimately differs between runs (local ids, write times). */
const SNAPSHOT: Record<string, string> = {
  customers:
    'select stripe_customer_id, external_id, email, name, metadata, default_payment_method_id, deleted, raw from customers order by stripe_customer_id',
  subscriptions: `select id, stripe_customer_id, plan_key, price_ids, status, quantity, interval, amount, current_period_start, current_period_end,
    cancel_at_period_end, canceled_at, ended_at, latest_invoice_id, past_due_since, raw from subscriptions order by id`,
  subscription_items: 'select id, subscription_id, price_id, plan_key, quantity, unit_amount, raw from subscription_items order by id',
  invoices: 'select id, subscription_id, status, amount_due, amount_paid, attempt_count, hosted_invoice_url, raw from invoices order by id',
  payment_methods: 'select id, stripe_customer_id, brand, last4, raw from payment_methods order by id',
  products: 'select id, name, active, plan_key, deleted, raw from products order by id',
  prices: 'select id, lookup_key, unit_amount, plan_key, raw from prices order by id',
  purchases: 'select id, status, payment_status, raw from purchases order by id',
  // Local links: whatever arrived first, each object points at its customer's row.
  linked: `select 'sub' as kind, s.id, c.external_id from subscriptions s left join customers c on c.id = s.customer_id
    union all select 'in', i.id, c.external_id from invoices i left join customers c on c.id = i.customer_id order by 1, 2`,
};

describe('delivery order', () => {
  const deps = perSuite(createTestDeps);
  let events: Stripe.Event[];
  let pastDue: Awaited<ReturnType<typeof runPastDueScenario>>;
  beforeAll(async () => {
    events = recordEvents(deps);
    const s = await runSubscriptionScenario(deps.stripe, 'user_a');
    await runSubscriptionScenario(deps.stripe, 'user_b', 'team');
    await deps.stripe.subscriptions.cancel(s.created.id);
    await deps.stripe.paymentMethods.detach(s.pm.id);
    await deps.stripe.customers.update(s.customer.id, { name: 'Renamed' });
    // A subscription that goes past_due a day after it started (its events dated by a test clock, in the past).
    pastDue = await runPastDueScenario(deps.stripe, {
      externalId: 'user_c',
      from: { plan: 'solo', amount: 900 },
      to: { plan: 'scale', amount: 9900 },
      frozenTime: unixSeconds(deps.clock.now()) - 3 * 86_400,
      failAfter: 86_400,
    });
  }, SCENARIO_TIMEOUT_MS);

  /**
   * The mirror after delivering `sequence` one at a time, or `inFlight` at once
   * (batched), to one node or, with `nodes` > 1 (Postgres), to several, each
   * with its own connection pool, taking deliveries in turn.
   */
  const mirrorAfter = (sequence: Stripe.Event[], inFlight = 1, nodes = 1) => snapshotAfterDeliveries(deps, sequence, SNAPSHOT, inFlight, nodes);

  it('in order, reversed, shuffled and with duplicates: the same mirror', { timeout: SCENARIO_TIMEOUT_MS }, async () => {
    expect(events.length).toBeGreaterThan(40);
    const inOrder = await mirrorAfter(events);
    expect(inOrder.subscriptions).toHaveLength(3);
    // Entered past_due at the failed upgrade's second, whatever refetches the ties between its events caused.
    const rows = inOrder.subscriptions as { id: string; status: string; past_due_since: Date | string | null }[];
    expect(rows.map((r) => [r.id, r.status, r.past_due_since === null ? null : new Date(r.past_due_since).getTime()])).toEqual(
      expect.arrayContaining([[pastDue.created.id, 'past_due', pastDue.failedAt * 1000]]),
    );
    expect(rows.filter((r) => r.past_due_since !== null)).toHaveLength(1);
    expect((inOrder.linked as { external_id: string | null }[]).every((l) => l.external_id?.startsWith('user_'))).toBe(true);
    expect(inOrder.invoices?.length).toBeGreaterThanOrEqual(4);
    expect(await mirrorAfter([...events].reverse())).toEqual(inOrder);
    for (const seed of [1, 7, 42]) expect(await mirrorAfter(shuffle(events, seed))).toEqual(inOrder);
    const duplicated = shuffle([...events, ...shuffle(events, 3).slice(0, 20)], 99);
    expect(await mirrorAfter(duplicated)).toEqual(inOrder);
  });

  it('delivered concurrently (batches of many events, in order and shuffled, with duplicates): the same mirror', { timeout: SCENARIO_TIMEOUT_MS }, async () => {
    const inOrder = await mirrorAfter(events);
    expect(await mirrorAfter(events, events.length)).toEqual(inOrder);
    for (const seed of [5, 11]) expect(await mirrorAfter(shuffle(events, seed), 24)).toEqual(inOrder);
    const duplicated = shuffle([...events, ...shuffle(events, 8).slice(0, 30)], 17);
    expect(await mirrorAfter(duplicated, duplicated.length)).toEqual(inOrder);
  });

  it.runIf(testDriver() === 'postgres')(
    'delivered to three nodes at once (their batches race on one Postgres): the same mirror',
    { timeout: SCENARIO_TIMEOUT_MS },
    async () => {
      const inOrder = await mirrorAfter(events);
      for (const seed of [2, 13]) expect(await mirrorAfter(shuffle(events, seed), events.length, 3)).toEqual(inOrder);
      const duplicated = shuffle([...events, ...events], 21);
      expect(await mirrorAfter(duplicated, duplicated.length, 3)).toEqual(inOrder);
    },
  );
});
