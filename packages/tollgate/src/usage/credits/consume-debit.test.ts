import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { defineConfig } from '../../core/config/types.ts';
import { queryRows } from '../../core/db/sql.ts';
import { check } from '../entitlements/check.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { consume } from '../ledger/consume.ts';
import { reverseUsage } from '../ledger/reverse.ts';
import { getCreditBalance } from './balance.ts';
import { grantCredits } from './grant.ts';
import { listCreditHistory } from './history.ts';
import { reverseCredits } from './reverse.ts';
import { creditsTestConfig } from './fixtures.test-support.ts';

async function totals(deps: TestDeps, customer: string) {
  const [row] = await queryRows<{ debits: string; spent: string; remaining: string; debt: string }>(
    deps.db,
    sql`select (select count(*) from credit_ledger where customer_id = ${customer} and kind = 'debit') as debits,
          (select coalesce(-sum(amount), 0) from credit_ledger where customer_id = ${customer} and kind = 'debit') as spent,
          (select coalesce(sum(remaining), 0) from credit_grants where customer_id = ${customer}) as remaining,
          (select debt from credit_balances where customer_id = ${customer}) as debt`,
  );
  return { debits: Number(row?.debits), spent: Number(row?.spent), remaining: Number(row?.remaining), debt: Number(row?.debt) };
}

async function remainingOf(deps: TestDeps, grantId: string): Promise<number> {
  const [row] = await queryRows<{ remaining: string }>(deps.db, sql`select remaining from credit_grants where id = ${grantId}`);
  return Number(row?.remaining) / 1_000_000;
}

describe('consume on a feature priced in credits', () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  it('200 concurrent consumes against a balance worth 50: exactly 50 succeed, the rest are refused with the balance and the cost', async () => {
    deps = await createTestDeps({ config: creditsTestConfig, stripe: false });
    unwrap(await grantCredits(deps, { customer: 'hot', amount: 50 }));
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => consume(deps, { customer: 'hot', feature: 'messages', idempotencyKey: `m${i}` })));
    expect(results.filter((r) => r.ok)).toHaveLength(50);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(150);
    expect(refused[0]).toMatchObject({
      ok: false,
      error: { code: 'insufficient_credits', param: 'amount', details: { credits: { system: 'credits', balance: 0, cost: 1 } } },
    });
    expect(await totals(deps, 'hot')).toEqual({ debits: 50, spent: 50_000_000, remaining: 0, debt: 0 });
    expect(unwrap(await check(deps, { customer: 'hot', feature: 'messages' }))).toMatchObject({
      allowed: false,
      code: 'insufficient_credits',
      credits: { balance: 0, cost: 1 },
    });
  });

  it('keeps fractional costs exact in micro-credits: 0.002 a token, never a float in storage', async () => {
    deps = await createTestDeps({ config: creditsTestConfig, stripe: false });
    unwrap(await grantCredits(deps, { customer: 'frac', amount: 0.1 }));
    // 0.1 credits / 0.002 = 50 tokens exactly; 7 x 7 tokens = 0.098, then 1 token fits and 2 do not.
    for (let i = 0; i < 7; i++) unwrap(await consume(deps, { customer: 'frac', feature: 'tokens', amount: 7 }));
    expect(unwrap(await check(deps, { customer: 'frac', feature: 'tokens', amount: 2 }))).toMatchObject({
      allowed: false,
      code: 'insufficient_credits',
      credits: { balance: 0.002, cost: 0.004 },
    });
    expect(unwrap(await consume(deps, { customer: 'frac', feature: 'tokens', amount: 1 })).credits).toMatchObject({ balance: 0, cost: 0.002 });
    expect(await totals(deps, 'frac')).toEqual({ debits: 8, spent: 100_000, remaining: 0, debt: 0 });
  });

  it('answers a repeated idempotency key with the original debit, and refuses the key reused for other usage', async () => {
    deps = await createTestDeps({ config: creditsTestConfig, stripe: false });
    unwrap(await grantCredits(deps, { customer: 'idem', amount: 100 }));
    const first = unwrap(await consume(deps, { customer: 'idem', feature: 'agent_run', idempotencyKey: 'run-1', properties: { agent: 'a1' } }));
    const again = unwrap(await consume(deps, { customer: 'idem', feature: 'agent_run', idempotencyKey: 'run-1', properties: { agent: 'a1' } }));
    expect(again.event).toMatchObject({ id: first.event.id, duplicate: true, amount: 1, feature: 'agent_run' });
    expect(again.credits?.balance).toBe(75);
    expect(await consume(deps, { customer: 'idem', feature: 'agent_run', amount: 2, idempotencyKey: 'run-1' })).toMatchObject({
      ok: false,
      error: { code: 'idempotency_conflict', param: 'idempotencyKey' },
    });
    // The same key twice in one group: one debit.
    const pair = await Promise.all([1, 2].map(() => consume(deps, { customer: 'idem', feature: 'messages', idempotencyKey: 'pair' })));
    expect(pair.map((r) => unwrap(r).event.duplicate).sort()).toEqual([false, true]);
    expect(await totals(deps, 'idem')).toMatchObject({ debits: 2, spent: 26_000_000 });
  });

  it('burns by priority, then the soonest expiry, then the oldest; a debit that spans grants records each part', async () => {
    deps = await createTestDeps({ config: creditsTestConfig, stripe: false, now: '2026-01-20T12:00:00Z' });
    const paid = unwrap(await grantCredits(deps, { customer: 'order', amount: 100, kind: 'paid', paidAmount: 1000 }));
    const later = unwrap(await grantCredits(deps, { customer: 'order', amount: 30, expiresAt: '2026-03-01T00:00:00Z' }));
    const sooner = unwrap(await grantCredits(deps, { customer: 'order', amount: 30, expiresAt: '2026-02-01T00:00:00Z' }));
    deps.clock.advance(1000);
    const older = unwrap(await grantCredits(deps, { customer: 'order', amount: 10, priority: 20 }));
    const first = unwrap(await grantCredits(deps, { customer: 'order', amount: 5, priority: 5 }));
    unwrap(await consume(deps, { customer: 'order', feature: 'agent_run', idempotencyKey: 'big', amount: 3 })); // 75 credits
    const [debit] = unwrap(await listCreditHistory(deps, { customer: 'order', limit: 1 })).data;
    expect(debit).toMatchObject({ kind: 'debit', credits: -75, feature: 'agent_run', units: 3, balanceAfter: 100 });
    expect(debit?.allocations).toEqual([
      { grant: first.id, credits: 5 },
      { grant: sooner.id, credits: 30 },
      { grant: later.id, credits: 30 },
      { grant: older.id, credits: 10 },
    ]);
    expect(await remainingOf(deps, paid.id)).toBe(100);
    const grants = unwrap(await getCreditBalance(deps, { customer: 'order' })).grants;
    expect(grants.map((g) => [g.id, g.remaining])).toEqual([[paid.id, 100]]);
  });

  it('lets the balance go below zero within the overdraft, and the next grant pays the debt first', async () => {
    const config = defineConfig({ ...creditsTestConfig, credits: { credits: { ...creditsTestConfig.credits.credits, overdraft: 5 } } });
    deps = await createTestDeps({ config, stripe: false });
    unwrap(await grantCredits(deps, { customer: 'od', amount: 3 }));
    expect(unwrap(await consume(deps, { customer: 'od', feature: 'messages', amount: 7 })).credits?.balance).toBe(-4);
    expect(await consume(deps, { customer: 'od', feature: 'messages', amount: 2 })).toMatchObject({ ok: false, error: { code: 'insufficient_credits' } });
    unwrap(await consume(deps, { customer: 'od', feature: 'messages', amount: 1 }));
    expect(await totals(deps, 'od')).toMatchObject({ remaining: 0, debt: 5_000_000 });
    const grant = unwrap(await grantCredits(deps, { customer: 'od', amount: 10 }));
    expect(grant.remaining).toBe(5);
    expect(unwrap(await getCreditBalance(deps, { customer: 'od' }))).toMatchObject({ balance: 5, overdraft: 5 });
  });

  it('gives a reversed debit back to the grants it came from, once; reverseUsage takes the same road', async () => {
    deps = await createTestDeps({ config: creditsTestConfig, stripe: false, now: '2026-01-20T12:00:00Z' });
    const a = unwrap(await grantCredits(deps, { customer: 'rev', amount: 20, expiresAt: '2026-02-01T00:00:00Z' }));
    const b = unwrap(await grantCredits(deps, { customer: 'rev', amount: 20 }));
    unwrap(await consume(deps, { customer: 'rev', feature: 'agent_run', idempotencyKey: 'run' }));
    expect([await remainingOf(deps, a.id), await remainingOf(deps, b.id)]).toEqual([0, 15]);
    const reversal = unwrap(await reverseCredits(deps, { customer: 'rev', idempotencyKey: 'run' }));
    expect(reversal).toMatchObject({ kind: 'reversal', credits: 25, balanceAfter: 40, duplicate: false });
    expect([await remainingOf(deps, a.id), await remainingOf(deps, b.id)]).toEqual([20, 20]);
    expect(unwrap(await reverseCredits(deps, { customer: 'rev', idempotencyKey: 'run' }))).toMatchObject({ id: reversal.id, duplicate: true });
    expect(unwrap(await getCreditBalance(deps, { customer: 'rev' }))).toMatchObject({ balance: 40, spent: 0 });
    unwrap(await consume(deps, { customer: 'rev', feature: 'messages', amount: 4, idempotencyKey: 'msgs' }));
    expect(unwrap(await reverseUsage(deps, { customer: 'rev', idempotencyKey: 'msgs' }))).toMatchObject({ amount: -4, feature: 'messages', duplicate: false });
    expect(unwrap(await getCreditBalance(deps, { customer: 'rev' })).balance).toBe(40);
    expect(await reverseCredits(deps, { customer: 'rev', idempotencyKey: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', param: 'idempotencyKey' },
    });
  });

  it('refuses bad grants with an error naming the field, writing nothing', async () => {
    deps = await createTestDeps({ config: creditsTestConfig, stripe: false });
    const cases: [Parameters<typeof grantCredits>[1], string][] = [
      [{ customer: 'bad', amount: -5 }, 'amount'],
      [{ customer: 'bad', amount: 0 }, 'amount'],
      [{ customer: 'bad', amount: 1.0000001 }, 'amount'],
      [{ customer: 'bad', amount: Number.NaN }, 'amount'],
      [{ customer: 'bad', amount: 5, system: 'gems' }, 'system'],
      [{ customer: 'bad', amount: 5, expiresAt: '2026-01-01T00:00:00Z' }, 'expiresAt'],
      [{ customer: 'bad', amount: 5, expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ customer: 'bad', amount: 5, priority: -1 }, 'priority'],
      [{ customer: 'bad', amount: 5, paidAmount: 100 }, 'paidAmount'],
      [{ customer: 'bad\u0000', amount: 5 }, 'customer'],
    ];
    for (const [input, param] of cases) {
      const result = await grantCredits(deps, input);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'validation_failed', param } });
    }
    const [row] = await queryRows<{ n: string }>(
      deps.db,
      sql`select (select count(*) from credit_grants) + (select count(*) from credit_ledger) + (select count(*) from credit_balances) as n`,
    );
    expect(Number(row?.n)).toBe(0);
  });

  it('keeps the credit ledger append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    deps = await createTestDeps({ config: creditsTestConfig, stripe: false });
    unwrap(await grantCredits(deps, { customer: 'ledger', amount: 5 }));
    for (const statement of [sql`update credit_ledger set amount = 1`, sql`delete from credit_ledger`, sql`truncate credit_ledger`]) {
      const error: unknown = await deps.db.execute(statement).then(
        () => null,
        (e: unknown) => e,
      );
      // Drizzle wraps the driver's error; the database's own message is its cause.
      expect((error as { cause?: { message?: string } } | null)?.cause?.message).toMatch(/^credit_ledger is append-only \((UPDATE|DELETE|TRUNCATE) refused\)/);
    }
  });
});
