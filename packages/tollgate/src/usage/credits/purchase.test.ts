import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { syncCheckoutSession } from '../../commands/checkout/sync.ts';
import { queryRows } from '../../core/db/sql.ts';
import { unwrap } from '../../core/lib/result.ts';
import { computeMrr } from '../../reads/metrics/compute-mrr.ts';
import { consume } from '../ledger/consume.ts';
import { createWebhookTestbed, deliver, type WebhookTestbed } from '../../stripe-in/webhooks/test-support.ts';
import { getCreditBalance } from './balance.ts';
import { buyCredits } from './buy.ts';
import { computeCreditRevenue } from './revenue.ts';
import { creditsTestConfig } from './fixtures.test-support.ts';

const urls = { successUrl: 'https://app.test/credits?session={CHECKOUT_SESSION_ID}', cancelUrl: 'https://app.test/credits' };
const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };

/** Pays on the emulator's hosted Checkout page, as a person would. */
async function pay(url: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' });
  if (res.status !== 303) throw new Error(`checkout page answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
}

/** A deterministic shuffle (a small LCG), so a failure replays. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function grantsOf(bed: WebhookTestbed, customer: string) {
  return queryRows<{ kind: string; amount: string; paid_amount: string; currency: string; source: string }>(
    bed.deps.db,
    sql`select kind, amount, paid_amount, currency, source from credit_grants where customer_id = ${customer}`,
  );
}

describe('buying credits through Checkout', () => {
  let bed: WebhookTestbed;
  afterEach(() => bed.deps.close());

  it('grants a paid pack exactly once, whatever the order and repetition of the webhooks and the success page sync; MRR does not move', async () => {
    bed = await createWebhookTestbed({ config: creditsTestConfig });
    const { deps } = bed;
    const session = unwrap(await buyCredits(deps, { customer: 'buyer', pack: 'small', ...urls }));
    const stripeSession = await deps.stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
    expect(stripeSession).toMatchObject({ mode: 'payment', amount_total: 500, currency: 'usd', client_reference_id: 'buyer' });
    expect(stripeSession.line_items?.data[0]?.description).toBe('500 credits');
    await pay(session.url);
    // Every event twice, shuffled; half of them delivered at once.
    const events = shuffled([...bed.events, ...bed.events], 7);
    const half = Math.floor(events.length / 2);
    const statuses = await Promise.all(events.slice(0, half).map((e) => deliver(bed.handler, deps, e)));
    for (const e of events.slice(half)) statuses.push(await deliver(bed.handler, deps, e));
    expect(statuses.every((s) => s === 200)).toBe(true);
    unwrap(await syncCheckoutSession(deps, session.id));
    const grants = await grantsOf(bed, 'buyer');
    expect(grants.map((g) => ({ ...g, amount: Number(g.amount), paid_amount: Number(g.paid_amount) }))).toEqual([
      { kind: 'paid', amount: 500_000_000, paid_amount: 500, currency: 'usd', source: session.id },
    ]);
    expect(unwrap(await getCreditBalance(deps, { customer: 'buyer' })).balance).toBe(500);
    const hooks = await queryRows<{ type: string }>(deps.db, sql`select type from outbox where type = 'purchase.completed'`);
    expect(hooks).toHaveLength(1);
    expect(await computeMrr(deps)).toEqual([]);
    unwrap(await consume(deps, { customer: 'buyer', feature: 'agent_run', amount: 4 }));
    expect(await computeCreditRevenue(deps)).toEqual([{ currency: 'usd', sold: 500, deferred: 400, recognized: 100, breakage: 0 }]);
  });

  it('sells a custom amount (secret key road) at the config rate, and a pack that expires', async () => {
    bed = await createWebhookTestbed({ config: creditsTestConfig, now: '2026-01-20T12:00:00Z' });
    const { deps } = bed;
    const custom = unwrap(await buyCredits(deps, { customer: 'c', amount: 1234, ...urls }));
    await pay(custom.url);
    const large = unwrap(await buyCredits(deps, { customer: 'c', pack: 'large', ...urls }));
    await pay(large.url);
    await bed.deliverNew();
    const balance = unwrap(await getCreditBalance(deps, { customer: 'c' }));
    expect(balance.balance).toBe(3234);
    expect(balance.grants.map((g) => [g.credits, g.paidAmount, g.expiresAt])).toEqual([
      [2000, 1800, '2027-01-20T12:00:00.000Z'],
      [1234, 1234, null],
    ]);
  });

  it('refuses a pack the config does not sell, both or neither of pack and amount, and an amount out of bounds, calling nothing', async () => {
    bed = await createWebhookTestbed({ config: creditsTestConfig });
    const { deps } = bed;
    expect(await buyCredits(deps, { customer: 'c', pack: 'huge', ...urls })).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'pack' } });
    expect(await buyCredits(deps, { customer: 'c', pack: 'small', amount: 500, ...urls })).toMatchObject({ ok: false, error: { param: 'amount' } });
    expect(await buyCredits(deps, { customer: 'c', ...urls })).toMatchObject({ ok: false, error: { param: 'pack' } });
    expect(await buyCredits(deps, { customer: 'c', amount: 499, ...urls })).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'amount' } });
    expect(await buyCredits(deps, { customer: 'c', amount: 1.5, ...urls })).toMatchObject({ ok: false, error: { param: 'amount' } });
    expect(await buyCredits(deps, { customer: 'c', pack: 'small', system: 'gems', ...urls })).toMatchObject({ ok: false, error: { param: 'system' } });
    expect(bed.events).toEqual([]);
  });
});
