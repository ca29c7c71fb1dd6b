import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { expect } from 'vitest';
import { meterEventName } from '../config/stripe-keys.ts';
import { queryRows } from '../db/rows.ts';
import { unixSeconds } from '../lib/clock.ts';
import type { TestDeps } from '../testing/deps.ts';
import { seedCustomer } from '../usage/test-fixtures.ts';

/**
 * Test support for the reporter's tests against the emulator's Billing
 * Meters: the `tokens` meter, customers on an active Pro subscription, and
 * the comparison of what Stripe billed with the ledger. Lives beside them.
 */

const DAY = 86_400_000;

export interface MeteredCustomer {
  external: string;
  stripe: string;
}

/** The `tokens` meter and `customers` Stripe customers (`org-0`...), each on Pro for a period around the deps clock. */
export async function setupMeteredCustomers(deps: TestDeps, customers: number): Promise<{ meter: Stripe.Billing.Meter; ids: MeteredCustomer[] }> {
  const meter = await deps.stripe.billing.meters.create({
    display_name: 'Tokens',
    event_name: meterEventName('tokens'),
    default_aggregation: { formula: 'sum' },
    customer_mapping: { type: 'by_id', event_payload_key: 'stripe_customer_id' },
    value_settings: { event_payload_key: 'value' },
  });
  const now = deps.clock.now().getTime();
  const ids: MeteredCustomer[] = [];
  for (let i = 0; i < customers; i++) {
    const c = await deps.stripe.customers.create({ email: `c${i}@example.com` });
    const external = `org-${i}`;
    await seedCustomer(deps.db, {
      externalId: external,
      stripeCustomerId: c.id,
      subscription: { planKey: 'pro', status: 'active', periodStart: new Date(now - 20 * DAY).toISOString(), periodEnd: new Date(now + 40 * DAY).toISOString() },
    });
    ids.push({ external, stripe: c.id });
  }
  return { meter, ids };
}

/** Billable units per customer in the ledger's counters. */
export async function ledgerBillable(deps: TestDeps): Promise<Map<string, number>> {
  const rows = await queryRows<{ customer_id: string; billable: string }>(
    deps.db,
    sql`select customer_id, sum(billable) as billable from usage_counters group by customer_id`,
  );
  return new Map(rows.map((r) => [r.customer_id, Number(r.billable)]));
}

/** What Stripe's meter summaries add up to for a customer over whole days around [from, to]. */
export async function stripeTotal(stripe: Stripe, meter: string, customer: string, from: Date, to: Date): Promise<number> {
  const start = Math.floor(unixSeconds(from) / 86_400) * 86_400;
  const end = Math.ceil(unixSeconds(to) / 86_400) * 86_400 + 86_400;
  const summaries = await stripe.billing.meters.listEventSummaries(meter, { customer, start_time: start, end_time: end });
  return summaries.data.reduce((sum, s) => sum + s.aggregated_value, 0);
}

/** Every customer: Stripe billed exactly the ledger's billable units, and something. */
export async function expectStripeEqualsLedger(deps: TestDeps, meter: string, ids: MeteredCustomer[], from: Date, to = deps.clock.now()): Promise<void> {
  const ledger = await ledgerBillable(deps);
  for (const c of ids) {
    const billed = await stripeTotal(deps.stripe, meter, c.stripe, from, to);
    expect(billed, c.external).toBe(ledger.get(c.external));
    expect(billed).toBeGreaterThan(0);
  }
}
