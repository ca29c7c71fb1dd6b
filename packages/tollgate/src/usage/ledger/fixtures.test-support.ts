import { customers, subscriptions } from '../../core/db/schema/index.ts';
import type { Db } from '../../core/db/connect.ts';
import { defineConfig } from '../../core/config/types.ts';

/** A config exercising every kind of grant, for the usage and entitlement tests. */
export const usageTestConfig = defineConfig({
  currency: 'usd',
  features: {
    messages: { type: 'metered', reset: 'day' },
    leads: { type: 'metered', reset: 'month', timeZone: 'customer' },
    runs: { type: 'metered', reset: 'billing_period' },
    tokens: { type: 'metered', reset: 'day' },
    agents: { type: 'gauge' },
    analytics: { type: 'boolean' },
  },
  plans: {
    free: { name: 'Free', default: true, features: { messages: 50, leads: 10, runs: 5, tokens: 100, agents: 1, analytics: false } },
    pro: {
      name: 'Pro',
      prices: { monthly: 1500 },
      features: {
        messages: 500,
        leads: 100,
        runs: 'unlimited',
        tokens: { included: 1000, overage: { amount: 1, per: 100 } },
        agents: 5,
        analytics: true,
      },
    },
  },
  entitlements: { pastDueGraceDays: 3 },
});

export interface SeedCustomer {
  externalId: string;
  stripeCustomerId?: string;
  timeZone?: string;
  subscription?: { planKey: string; status: string; periodStart: string; periodEnd: string };
}

/** Writes a customer (and a subscription) into the mirror tables, as road 1 would. */
export async function seedCustomer(db: Db, seed: SeedCustomer): Promise<void> {
  const at = new Date('2026-01-01T00:00:00Z');
  const id = `cust_${seed.externalId}`;
  const stripeCustomerId = seed.stripeCustomerId ?? `cus_${seed.externalId}`;
  await db.insert(customers).values({
    id,
    externalId: seed.externalId,
    stripeCustomerId,
    timeZone: seed.timeZone ?? null,
    createdAt: at,
    updatedAt: at,
  });
  if (seed.subscription) {
    await db.insert(subscriptions).values({
      id: `sub_${seed.externalId}`,
      stripeCustomerId,
      customerId: id,
      planKey: seed.subscription.planKey,
      status: seed.subscription.status,
      currency: 'usd',
      currentPeriodStart: new Date(seed.subscription.periodStart),
      currentPeriodEnd: new Date(seed.subscription.periodEnd),
      stripeCreated: 1,
      sourceAt: 1,
      raw: {},
      createdAt: at,
      updatedAt: at,
    });
  }
}
