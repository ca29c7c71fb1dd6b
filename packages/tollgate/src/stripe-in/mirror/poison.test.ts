import { eq, isNull } from 'drizzle-orm';
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncCheckoutSession } from '../../commands/checkout/sync.ts';
import { planPriceLookupKey } from '../../core/config/stripe-keys.ts';
import { customers } from '../../core/db/schema/customers.ts';
import { paymentEvents } from '../../core/db/schema/payment-events.ts';
import { paymentMethods } from '../../core/db/schema/payment-methods.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../../commands/push/push.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { ingestEvents } from '../webhooks/ingest-batch.ts';
import { ingestEvent } from '../webhooks/ingest-event.ts';
import { type LiveEndpoint, startLiveEndpoint } from '../webhooks/live-endpoint.test-support.ts';
import { recordEvents } from '../webhooks/test-support.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const NUL = '\u0000';
const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123' };

/** Pays on the emulator's hosted Checkout page, as a buyer's browser would. */
async function payOnHostedPage(session: Stripe.Checkout.Session, form: Record<string, string>): Promise<void> {
  const response = await fetch(session.url ?? '', { method: 'POST', body: new URLSearchParams({ ...CARD, ...form }), redirect: 'manual' });
  if (response.status !== 303) throw new Error(`the hosted page answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
}

async function proPrice(deps: TestDeps): Promise<string> {
  const [price] = (await deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey('pro', 'month')] })).data;
  if (!price) throw new Error('pro has no monthly price');
  return price.id;
}

function checkout(deps: TestDeps, price: string, user: string, note: string) {
  return deps.stripe.checkout.sessions.create({
    mode: 'subscription',
    client_reference_id: user,
    metadata: { note },
    subscription_data: { metadata: { note } },
    line_items: [{ price, quantity: 1 }],
    success_url: 'https://app.example/welcome?session={CHECKOUT_SESSION_ID}',
  });
}

describe(`a Stripe object Postgres cannot store (${testDriver()})`, () => {
  const deps = perTest(() => createTestDeps({ now: '2026-03-31T23:00:00Z' }));
  let live: LiveEndpoint | undefined;
  beforeEach(async () => {
    unwrap(await pushConfig(deps, { apply: true }));
  });
  afterEach(async () => {
    await live?.close();
    live = undefined;
  });

  it('a checkout with a NUL in its metadata, paid on the hosted page: every webhook answered 200 over HTTP, the plan applies, the ledger says why', async () => {
    live = await startLiveEndpoint(deps);
    const price = await proPrice(deps);
    const poisoned = await checkout(deps, price, 'user_nul', `before${NUL}after`);
    await payOnHostedPage(poisoned, { email: 'nul@example.com', name: `Ada${NUL} Lovelace` });
    const clean = await checkout(deps, price, 'user_ok', 'fine');
    await payOnHostedPage(clean, { email: 'ok@example.com', name: 'Grace Hopper' });

    const statuses = await live.settled();
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(await deps.db.select().from(paymentEvents).where(isNull(paymentEvents.processedAt))).toEqual([]);

    const subs = await deps.db.select().from(subscriptions);
    const byUser = async (user: string) => {
      const [customer] = await deps.db.select().from(customers).where(eq(customers.externalId, user));
      return subs.find((s) => s.customerId === customer?.id);
    };
    expect(await byUser('user_nul')).toMatchObject({ planKey: 'pro', status: 'active', metadata: { note: 'before\ufffdafter' } });
    expect(await byUser('user_ok')).toMatchObject({ planKey: 'pro', status: 'active', metadata: { note: 'fine' } });
    const names = (await deps.db.select().from(paymentMethods)).map((pm) => (pm.raw as Stripe.PaymentMethod | null)?.billing_details.name);
    expect(names.sort()).toEqual(['Ada\ufffd Lovelace', 'Grace Hopper']);

    const completed = live.events.find((e) => e.type === 'checkout.session.completed' && e.data.object.id === poisoned.id);
    const [ledger] = await deps.db
      .select()
      .from(paymentEvents)
      .where(eq(paymentEvents.id, completed?.id ?? ''));
    expect(ledger?.note).toMatch(
      /^stored with \d string\(s\) altered \(NUL or lone surrogate replaced by U\+FFFD, which Postgres cannot store\): .*data\.object\.metadata\.note/,
    );
    expect(ledger?.processedAt).toBeInstanceOf(Date);

    // The checkout success sync (the redirect back to the app) answers too.
    const synced = unwrap(await syncCheckoutSession(deps, poisoned.id));
    expect(synced.subscription).toMatchObject({ planKey: 'pro', metadata: { note: 'before\ufffdafter' } });
  });

  it('on the batch road and the one-by-one road alike, the poison event is stored and the others of its batch land', async () => {
    const events = recordEvents(deps);
    const price = await proPrice(deps);
    await payOnHostedPage(await checkout(deps, price, 'user_a', `a${NUL}`), { email: 'a@example.com' });
    await payOnHostedPage(await checkout(deps, price, 'user_b', 'b'), { email: 'b@example.com' });
    const deliveries = events.map((event) => ({ event, body: JSON.stringify(event) }));
    const poison = deliveries.filter((d) => d.body.includes('\\u0000'));
    expect(poison.length).toBeGreaterThan(2);

    const batch = await ingestEvents(deps, [...deliveries, poison[0]!]);
    expect(batch.map((r) => r.status)).toEqual(deliveries.map(() => 'fulfilled').concat('fulfilled'));
    expect(await deps.db.select().from(subscriptions)).toHaveLength(2);
    const notes = (await deps.db.select().from(paymentEvents)).filter((e) => e.note !== null);
    expect(notes.map((e) => e.id).sort()).toEqual(poison.map((d) => d.event.id).sort());

    // The one-by-one road: a replay of a poison event is a duplicate; a fresh copy under a new id is processed.
    expect(await ingestEvent(deps, poison[0]!.event, poison[0]!.body)).toEqual({ outcome: 'duplicate' });
    const copy = { ...poison[0]!.event, id: 'evt_copy_of_poison' };
    expect(await ingestEvent(deps, copy, JSON.stringify(copy))).toMatchObject({ outcome: 'processed' });
    const [stored] = await deps.db.select().from(paymentEvents).where(eq(paymentEvents.id, 'evt_copy_of_poison'));
    expect(JSON.stringify(stored?.payload)).toContain('\ufffd');
    expect(stored?.note).toMatch(/string\(s\) altered/);
  });
});
