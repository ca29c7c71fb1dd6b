import { describe, expect, it } from 'vitest';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { computeChurn } from './compute-churn.ts';
import { computeMrr } from './compute-mrr.ts';
import { countSubscriptions } from './count-subscriptions.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

type Row = typeof subscriptions.$inferInsert;
let n = 0;
const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function sub(overrides: Partial<Row>): Row {
  n++;
  const now = new Date('2026-03-01T00:00:00Z');
  return {
    id: `sub_${n}`,
    stripeCustomerId: `cus_${n}`,
    status: 'active',
    planKey: 'pro',
    interval: 'month',
    intervalCount: 1,
    quantity: 1,
    currency: 'usd',
    amount: 1000,
    stripeCreated: at('2026-01-01T00:00:00Z'),
    sourceAt: 0,
    raw: {},
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

describe('revenue metrics', () => {
  const deps = perTest(() => createTestDeps({ stripe: false }));

  it('computes MRR and ARR per currency: yearly / 12, discounts, quantity, past_due in, trialing out', async () => {
    await deps.db.insert(subscriptions).values([
      sub({ quantity: 2, amount: 2000 }), // 2 seats x $10: 2000
      sub({ interval: 'year', amount: 12000, planKey: 'pro' }), // 1000
      sub({ status: 'past_due', amount: 500, discountPercentOff: 20 }), // 400
      sub({ amount: 1000, discountAmountOff: 300 }), // 700
      sub({ amount: 3000, intervalCount: 3 }), // quarterly: 1000
      sub({ amount: 200, discountAmountOff: 500 }), // never below zero: 0
      sub({ status: 'trialing', amount: 9999 }),
      sub({ status: 'canceled', amount: 9999 }),
      sub({ status: 'incomplete', amount: 9999 }),
      sub({ status: 'unpaid', amount: 9999 }),
      sub({ currency: 'eur', interval: 'year', amount: 10000 }), // 833.33
      sub({ currency: 'eur', amount: 1 }), // 1
      sub({ currency: 'jpy', amount: 980 }), // zero-decimal: 980 yen
    ]);
    expect(await computeMrr(deps)).toEqual([
      { currency: 'eur', mrr: 834, arr: 10012, subscriptions: 2 },
      { currency: 'jpy', mrr: 980, arr: 11760, subscriptions: 1 },
      { currency: 'usd', mrr: 5100, arr: 61200, subscriptions: 6 },
    ]);
  });

  it('counts subscriptions by plan and status', async () => {
    await deps.db
      .insert(subscriptions)
      .values([
        sub({ planKey: 'pro' }),
        sub({ planKey: 'pro' }),
        sub({ planKey: 'pro', status: 'past_due' }),
        sub({ planKey: 'team', status: 'trialing' }),
        sub({ planKey: null }),
        sub({ planKey: 'pro', status: 'canceled' }),
      ]);
    expect(await countSubscriptions(deps)).toEqual([
      { planKey: 'pro', status: 'active', count: 2 },
      { planKey: 'pro', status: 'past_due', count: 1 },
      { planKey: 'team', status: 'trialing', count: 1 },
      { planKey: null, status: 'active', count: 1 },
    ]);
    expect((await countSubscriptions(deps, { includeCanceled: true })).find((c) => c.status === 'canceled')?.count).toBe(1);
  });

  it('computes new, churned and churn rate over a period', async () => {
    const d = (iso: string) => new Date(iso);
    await deps.db.insert(subscriptions).values([
      sub({ stripeCreated: at('2026-01-01T00:00:00Z') }), // paying at start
      sub({ stripeCreated: at('2026-02-10T00:00:00Z') }), // new
      sub({ stripeCreated: at('2025-12-01T00:00:00Z'), status: 'canceled', endedAt: d('2026-02-15T00:00:00Z') }), // churned
      sub({
        stripeCreated: at('2026-01-20T00:00:00Z'),
        trialEnd: d('2026-02-05T00:00:00Z'),
        status: 'canceled',
        endedAt: d('2026-02-03T00:00:00Z'),
      }), // trial that never paid: not churn
      sub({ stripeCreated: at('2026-02-12T00:00:00Z'), status: 'incomplete' }), // never started
      sub({ stripeCreated: at('2025-11-01T00:00:00Z'), status: 'canceled', endedAt: d('2026-01-15T00:00:00Z') }), // gone before
      sub({ stripeCreated: at('2026-01-05T00:00:00Z'), status: 'canceled', endedAt: d('2026-03-02T00:00:00Z') }), // churns after
    ]);
    const result = await computeChurn(deps, { from: d('2026-02-01T00:00:00Z'), to: d('2026-03-01T00:00:00Z') });
    expect(result).toEqual({
      ok: true,
      value: { from: d('2026-02-01T00:00:00Z'), to: d('2026-03-01T00:00:00Z'), atStart: 3, new: 1, churned: 1, churnRate: 1 / 3 },
    });
  });

  it('refuses a bad period, naming the field', async () => {
    const bad = await computeChurn(deps, { from: new Date('2026-03-01'), to: new Date('2026-02-01') });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'to' } });
    expect(await computeChurn(deps, { from: 'yesterday', to: new Date('2026-02-01') })).toMatchObject({ ok: false, error: { param: 'from' } });
  });
});
