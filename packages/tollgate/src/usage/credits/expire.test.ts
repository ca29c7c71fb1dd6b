import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { defineConfig } from '../../core/config/types.ts';
import { queryRows } from '../../core/db/sql.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { consume } from '../ledger/consume.ts';
import { getCreditBalance } from './balance.ts';
import { expireCredits } from './expire.ts';
import { grantCredits } from './grant.ts';
import { listCreditHistory } from './history.ts';
import { computeCreditRevenue } from './revenue.ts';
import { creditsTestConfig } from './fixtures.test-support.ts';

/** The free plan includes 100 credits a calendar month, 30 of which may roll over. */
const monthlyConfig = defineConfig({
  ...creditsTestConfig,
  plans: {
    ...creditsTestConfig.plans,
    free: { ...creditsTestConfig.plans.free, credits: { credits: { amount: 100, rollover: { max: 30 } } } },
  },
});

const balanceOf = async (deps: TestDeps, customer: string) => unwrap(await getCreditBalance(deps, { customer })).balance;

async function movements(deps: TestDeps, customer: string) {
  const history = unwrap(await listCreditHistory(deps, { customer, limit: 100 })).data;
  return history.reverse().map((m) => [m.kind, m.credits]);
}

describe('expiry and rollover at boundaries, by the injected clock', () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  it('burns the soonest expiry first across a month end; an expired grant stops counting at its instant and the sweep records it, with breakage for paid credit', async () => {
    deps = await createTestDeps({ config: creditsTestConfig, stripe: false, now: '2026-01-30T12:00:00Z' });
    const january = unwrap(await grantCredits(deps, { customer: 'c', amount: 100, expiresAt: '2026-02-01T00:00:00Z' }));
    unwrap(await grantCredits(deps, { customer: 'c', amount: 100, expiresAt: '2026-03-01T00:00:00Z' }));
    unwrap(await grantCredits(deps, { customer: 'c', amount: 40, kind: 'paid', paidAmount: 400, priority: 20, expiresAt: '2026-02-01T00:00:00Z' }));
    unwrap(await grantCredits(deps, { customer: 'c', amount: 100, kind: 'paid', paidAmount: 1000 }));
    // Same priority (20): January's promotion and the paid grant expire first, in that order (oldest first on a tie).
    unwrap(await consume(deps, { customer: 'c', feature: 'messages', amount: 110 }));
    expect(await balanceOf(deps, 'c')).toBe(230);
    deps.clock.set('2026-01-31T23:59:59.999Z');
    expect(await balanceOf(deps, 'c')).toBe(230);
    // The boundary: 30 paid credits expire unused; nothing has run, yet they no longer count.
    deps.clock.set('2026-02-01T00:00:00Z');
    expect(await balanceOf(deps, 'c')).toBe(200);
    expect(await consume(deps, { customer: 'c', feature: 'messages', amount: 201 })).toMatchObject({ ok: false, error: { code: 'insufficient_credits' } });
    unwrap(await consume(deps, { customer: 'c', feature: 'messages', amount: 150 }));
    expect(await expireCredits(deps)).toEqual({ expired: 2, breakage: 300 });
    expect(await expireCredits(deps)).toEqual({ expired: 0, breakage: 0 });
    expect(await movements(deps, 'c')).toEqual([
      ['grant', 100],
      ['grant', 100],
      ['grant', 40],
      ['grant', 100],
      ['debit', -110],
      ['debit', -150],
      ['expiry', -30],
    ]);
    const [expiry] = await queryRows<{ breakage: string; occurred_at: Date | string }>(
      deps.db,
      sql`select breakage, occurred_at from credit_ledger where kind = 'expiry' and breakage is not null`,
    );
    expect(Number(expiry?.breakage)).toBe(300);
    expect(new Date(expiry?.occurred_at ?? 0).toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(january.expiresAt).toBe('2026-02-01T00:00:00.000Z');
    // Revenue: 1,400 sold; 300 broke; the paid grant without expiry has 50 of 100 left: 500 deferred.
    expect(await computeCreditRevenue(deps)).toEqual([{ currency: 'usd', sold: 1400, deferred: 500, recognized: 600, breakage: 300 }]);
  });

  it('grants the plan credits each period and rolls over what is left, at most the cap', async () => {
    deps = await createTestDeps({ config: monthlyConfig, stripe: false, now: '2026-01-10T09:00:00Z' });
    expect(await balanceOf(deps, 'r')).toBe(100);
    unwrap(await consume(deps, { customer: 'r', feature: 'messages', amount: 40 }));
    deps.clock.set('2026-02-01T00:00:00Z');
    // 60 left in January; 30 roll over into February beside its 100.
    const feb = unwrap(await getCreditBalance(deps, { customer: 'r' }));
    expect(feb).toMatchObject({ balance: 130, period: { key: 'month:2026-02' } });
    expect(feb.grants.map((g) => [g.kind, g.credits, g.expiresAt])).toEqual([
      ['rollover', 30, '2026-03-01T00:00:00.000Z'],
      ['included', 100, '2026-03-01T00:00:00.000Z'],
    ]);
    unwrap(await consume(deps, { customer: 'r', feature: 'messages', amount: 125 }));
    deps.clock.set('2026-03-01T00:00:00Z');
    // 5 left: 5 roll over.
    expect(await balanceOf(deps, 'r')).toBe(105);
    // Reading again changes nothing: each period's grants are made once.
    expect(await balanceOf(deps, 'r')).toBe(105);
    const [count] = await queryRows<{ n: string }>(deps.db, sql`select count(*) as n from credit_grants where customer_id = 'r'`);
    expect(Number(count?.n)).toBe(5);
  });

  it('rolls over for a customer who did nothing at the boundary: the sweep grants the next periods before the old credits expire', async () => {
    deps = await createTestDeps({ config: monthlyConfig, stripe: false, now: '2026-01-10T09:00:00Z' });
    expect(await balanceOf(deps, 'idle')).toBe(100);
    deps.clock.set('2026-03-15T00:00:00Z');
    await expireCredits(deps);
    // February: 100 + 30 carried from January; March: 100 + 30 carried from February.
    const grants = await queryRows<{ kind: string; amount: string; effective_at: Date | string; expired_at: Date | string | null }>(
      deps.db,
      sql`select kind, amount, effective_at, expired_at from credit_grants where customer_id = 'idle' order by effective_at, kind`,
    );
    expect(grants.map((g) => [g.kind, Number(g.amount) / 1e6, new Date(g.effective_at).toISOString().slice(0, 10), g.expired_at !== null])).toEqual([
      ['included', 100, '2026-01-01', true],
      ['included', 100, '2026-02-01', true],
      ['rollover', 30, '2026-02-01', true],
      ['included', 100, '2026-03-01', false],
      ['rollover', 30, '2026-03-01', false],
    ]);
    expect(await balanceOf(deps, 'idle')).toBe(130);
  });

  it('rollover none: what is left is lost at the period end', async () => {
    const config = defineConfig({
      ...creditsTestConfig,
      plans: { ...creditsTestConfig.plans, free: { ...creditsTestConfig.plans.free, credits: { credits: { amount: 100, rollover: 'none' } } } },
    });
    deps = await createTestDeps({ config, stripe: false, now: '2026-01-31T23:00:00Z' });
    unwrap(await consume(deps, { customer: 'n', feature: 'messages', amount: 10 }));
    deps.clock.set('2026-02-01T00:00:00Z');
    expect(await balanceOf(deps, 'n')).toBe(100);
  });
});
