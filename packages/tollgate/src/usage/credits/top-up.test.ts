import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../core/db/sql.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { consume } from '../ledger/consume.ts';
import { getCreditBalance } from './balance.ts';
import { grantCredits } from './grant.ts';
import { topUpId } from './request-top-up.ts';
import { runTopUps } from './run-top-ups.ts';
import { setAutoTopUp } from './set-auto-top-up.ts';
import { creditsTestConfig } from './fixtures.test-support.ts';
import { withSavedCard } from './top-up.test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

async function charges(deps: TestDeps, stripeCustomerId: string) {
  return (await deps.stripe.paymentIntents.list({ customer: stripeCustomerId, limit: 100 })).data;
}

async function hooks(deps: TestDeps) {
  const rows = await queryRows<{ type: string; payload: { topUp: { status: string; failureCode: string | null } } | string }>(
    deps.db,
    sql`select type, payload from outbox where type like 'credits.topup%' order by id`,
  );
  return rows.map((r) => {
    const payload = typeof r.payload === 'string' ? (JSON.parse(r.payload) as { topUp: { status: string; failureCode: string | null } }) : r.payload;
    return [r.type, payload.topUp.failureCode];
  });
}

const balanceOf = async (deps: TestDeps, customer: string) => unwrap(await getCreditBalance(deps, { customer })).balance;

describe('auto top-up off-session, once per crossing', () => {
  const deps = perTest(() => createTestDeps({ config: creditsTestConfig }));
  /** `customer` with a saved `card`, `credits` granted and auto top-up on at its defaults; answers the Stripe customer id. */
  async function autoTopUpFor(customer: string, card: string, credits: number) {
    const stripeId = await withSavedCard(deps, customer, card);
    unwrap(await grantCredits(deps, { customer, amount: credits }));
    unwrap(await setAutoTopUp(deps, { customer, enabled: true }));
    return stripeId;
  }

  it('buys the pack when a debit crosses the threshold: one charge however many runs race, credits granted once, a hook', async () => {
    const stripeId = await withSavedCard(deps, 'auto', 'pm_card_visa');
    unwrap(await grantCredits(deps, { customer: 'auto', amount: 150 }));
    expect(unwrap(await setAutoTopUp(deps, { customer: 'auto', enabled: true }))).toMatchObject({ threshold: 100, pack: 'small', topUpDue: false });
    // 60 concurrent messages: one of them crosses 100.
    await Promise.all(Array.from({ length: 60 }, (_, i) => consume(deps, { customer: 'auto', feature: 'messages', idempotencyKey: `m${i}` })));
    expect(await balanceOf(deps, 'auto')).toBe(90);
    const runs = await Promise.all([runTopUps(deps), runTopUps(deps), runTopUps(deps)]);
    expect(runs.reduce((n, r) => n + r.charged, 0)).toBe(1);
    expect(await runTopUps(deps)).toEqual({ charged: 0, failed: 0, retrying: 0 });
    const paid = await charges(deps, stripeId);
    expect(paid.map((pi) => [pi.amount, pi.status, pi.metadata.tollgate_topup])).toEqual([[500, 'succeeded', topUpId('auto', 'credits', 1)]]);
    expect(await balanceOf(deps, 'auto')).toBe(590);
    expect(await hooks(deps)).toEqual([['credits.topup_succeeded', null]]);
    // Below the threshold again: a second crossing, a second charge.
    unwrap(await consume(deps, { customer: 'auto', feature: 'agent_run', amount: 20 }));
    expect((await runTopUps(deps)).charged).toBe(1);
    expect(await charges(deps, stripeId)).toHaveLength(2);
    expect(await balanceOf(deps, 'auto')).toBe(590);
  });

  it('never charges twice when the answer is lost after the charge (a crash, a cut connection): the retry finds the same PaymentIntent by its key', async () => {
    const stripeId = await autoTopUpFor('crash', 'pm_card_visa', 101);
    unwrap(await consume(deps, { customer: 'crash', feature: 'messages', amount: 2 }));
    // Stripe charges the card, and the answer never comes back.
    const lost = new Proxy(deps.stripe, {
      get(target, property) {
        if (property !== 'paymentIntents') return Reflect.get(target, property) as unknown;
        return {
          create: async (...args: Parameters<typeof target.paymentIntents.create>) => {
            await target.paymentIntents.create(...args);
            throw new Error('socket hang up');
          },
        };
      },
    });
    expect(await runTopUps({ ...deps, stripe: lost })).toEqual({ charged: 0, failed: 0, retrying: 1 });
    expect(await charges(deps, stripeId)).toHaveLength(1);
    expect(await runTopUps(deps)).toEqual({ charged: 0, failed: 0, retrying: 0 }); // backing off
    deps.clock.advance(60_000);
    expect(await runTopUps(deps)).toEqual({ charged: 1, failed: 0, retrying: 0 });
    expect(await charges(deps, stripeId)).toHaveLength(1);
    expect(await balanceOf(deps, 'crash')).toBe(599);
    const [row] = await queryRows<{ id: string; payment_intent_id: string }>(deps.db, sql`select id, payment_intent_id from credit_topups`);
    expect(row?.id).toBe(topUpId('crash', 'credits', 1));
    expect(row?.payment_intent_id).toBe((await charges(deps, stripeId))[0]?.id);
  });

  it('a declined card: the top-up fails with a hook and is not retried, whatever runs or debits follow, until the next crossing', async () => {
    const stripeId = await autoTopUpFor('declined', 'pm_card_chargeCustomerFail', 110);
    unwrap(await consume(deps, { customer: 'declined', feature: 'messages', amount: 20 }));
    expect(await runTopUps(deps)).toEqual({ charged: 0, failed: 1, retrying: 0 });
    for (let i = 0; i < 5; i++) {
      unwrap(await consume(deps, { customer: 'declined', feature: 'messages', amount: 10 }));
      deps.clock.advance(3_600_000);
      expect(await runTopUps(deps)).toEqual({ charged: 0, failed: 0, retrying: 0 });
    }
    expect(await charges(deps, stripeId)).toHaveLength(1);
    expect(await hooks(deps)).toEqual([['credits.topup_failed', 'generic_decline']]);
    expect(await balanceOf(deps, 'declined')).toBe(40);
    // A grant lifts the balance over the threshold; falling below it again is a new crossing: one new attempt.
    unwrap(await grantCredits(deps, { customer: 'declined', amount: 100 }));
    unwrap(await consume(deps, { customer: 'declined', feature: 'messages', amount: 50 }));
    expect(await runTopUps(deps)).toEqual({ charged: 0, failed: 1, retrying: 0 });
    expect(await charges(deps, stripeId)).toHaveLength(2);
  });

  it('no saved card: failed with no_payment_method; turning auto top-up on while below the threshold is a crossing, repeating it is not', async () => {
    unwrap(await grantCredits(deps, { customer: 'nocard', amount: 50 }));
    expect(unwrap(await setAutoTopUp(deps, { customer: 'nocard', enabled: true, threshold: 60 }))).toMatchObject({ threshold: 60, topUpDue: true });
    expect(unwrap(await setAutoTopUp(deps, { customer: 'nocard', enabled: true, threshold: 60 })).topUpDue).toBe(false);
    expect(await runTopUps(deps)).toEqual({ charged: 0, failed: 1, retrying: 0 });
    expect(await hooks(deps)).toEqual([['credits.topup_failed', 'no_payment_method']]);
    expect(await setAutoTopUp(deps, { customer: 'nocard', enabled: true, pack: 'huge' })).toMatchObject({ ok: false, error: { param: 'pack' } });
    expect(await setAutoTopUp(deps, { customer: 'nocard', enabled: true, threshold: -1 })).toMatchObject({ ok: false, error: { param: 'threshold' } });
  });
});
