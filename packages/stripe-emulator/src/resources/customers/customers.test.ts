import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

describe('customers through the official SDK', () => {
  const t = suiteEmulator();

  it('creates, retrieves, updates (metadata unset with "") and deletes a customer', async () => {
    const created = await t.stripe.customers.create({ email: 'ada@example.com', name: 'Ada', metadata: { plan: 'pro', team: 'a' } });
    expect(created.id).toMatch(/^cus_/);
    expect(created).toMatchObject({ object: 'customer', email: 'ada@example.com', metadata: { plan: 'pro', team: 'a' }, livemode: false });
    const updated = await t.stripe.customers.update(created.id, { name: 'Ada L', metadata: { team: '' } });
    expect(updated.name).toBe('Ada L');
    expect(updated.metadata).toEqual({ plan: 'pro' });
    const fetched = await t.stripe.customers.retrieve(created.id);
    expect(fetched).toEqual(updated);
    const deleted = await t.stripe.customers.del(created.id);
    expect(deleted).toEqual({ id: created.id, object: 'customer', deleted: true });
    expect(await t.stripe.customers.retrieve(created.id)).toEqual({ id: created.id, object: 'customer', deleted: true });
    const missing = await rejectionOf(t.stripe.customers.update(created.id, { name: 'gone' }));
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('resource_missing');
  });

  it('lists newest first with limit, cursors, email and created filters', async () => {
    const email = 'list-1@example.com';
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await t.stripe.customers.create({ email })).id);
    const page1 = await t.stripe.customers.list({ email, limit: 2 });
    expect(page1.data.map((c) => c.id)).toEqual([made[4], made[3]]);
    expect(page1.has_more).toBe(true);
    expect(page1.url).toBe('/v1/customers');
    const page2 = await t.stripe.customers.list({ email, limit: 2, starting_after: made[3] });
    expect(page2.data.map((c) => c.id)).toEqual([made[2], made[1]]);
    const back = await t.stripe.customers.list({ email, limit: 2, ending_before: made[1] });
    expect(back.data.map((c) => c.id)).toEqual([made[3], made[2]]);
    const all: string[] = [];
    for await (const c of t.stripe.customers.list({ email, limit: 2 })) all.push(c.id);
    expect(all).toEqual([...made].reverse());
    const none = await t.stripe.customers.list({ email, created: { gt: 4_000_000_000 } });
    expect(none.data).toEqual([]);
  });

  it('searches by email and metadata with AND / OR', async () => {
    const a = await t.stripe.customers.create({ email: 'search-a@example.com', metadata: { tier: 'gold' } });
    const b = await t.stripe.customers.create({ email: 'search-b@example.com', metadata: { tier: 'gold' } });
    const both = await t.stripe.customers.search({ query: "metadata['tier']:'gold'" });
    expect(both.data.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
    const one = await t.stripe.customers.search({ query: "email:'search-a@example.com' AND metadata['tier']:'gold'" });
    expect(one.data.map((c) => c.id)).toEqual([a.id]);
    const either = await t.stripe.customers.search({ query: `email:'search-a@example.com' OR email:'search-b@example.com'` });
    expect(either.data).toHaveLength(2);
    const bad = await rejectionOf(t.stripe.customers.search({ query: 'email:' }));
    expect(bad.param).toBe('query');
  });

  it('expands dotted paths and rejects unknown expansions with 400 and no change', async () => {
    const customer = await t.stripe.customers.create({ email: 'expand@example.com', payment_method: 'pm_card_visa' });
    const pms = await t.stripe.customers.listPaymentMethods(customer.id);
    const pm = pms.data[0]!;
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const expanded = await t.stripe.customers.retrieve(customer.id, { expand: ['invoice_settings.default_payment_method'] });
    if (expanded.deleted) throw new Error('unexpected deleted customer');
    const dpm = expanded.invoice_settings.default_payment_method;
    expect(typeof dpm === 'object' && dpm?.id).toBe(pm.id);
    const listed = await t.stripe.customers.list({ email: 'expand@example.com', expand: ['data.invoice_settings.default_payment_method'] });
    expect(typeof listed.data[0]!.invoice_settings.default_payment_method).toBe('object');
    const before = (await t.stripe.customers.list({ limit: 100 })).data.length;
    const error = await rejectionOf(t.stripe.customers.create({ email: 'x@example.com', expand: ['nope'] }));
    expect(error.statusCode).toBe(400);
    expect((await t.stripe.customers.list({ limit: 100 })).data.length).toBe(before);
  });

  it('answers bad input with the Stripe error naming the parameter and writes nothing', async () => {
    const unknown = await rejectionOf(t.stripe.customers.create({ email: 'u@example.com', colour: 'red' } as Stripe.CustomerCreateParams));
    expect(unknown).toMatchObject({ type: 'StripeInvalidRequestError', code: 'parameter_unknown', param: 'colour', statusCode: 400 });
    const mistyped = await rejectionOf(t.stripe.customers.create({ balance: 'lots' as unknown as number }));
    expect(mistyped).toMatchObject({ code: 'parameter_invalid_integer', param: 'balance' });
    const missingClock = await rejectionOf(t.stripe.customers.create({ test_clock: 'clock_nope' }));
    expect(missingClock).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'test_clock' });
    const badPm = await rejectionOf(t.stripe.customers.create({ email: 'declined@example.com', payment_method: 'pm_card_chargeDeclined' }));
    expect(badPm).toBeInstanceOf(Stripe.errors.StripeCardError);
    const found = await t.stripe.customers.list({ email: 'declined@example.com' });
    expect(found.data).toEqual([]);
    const updateMissing = await rejectionOf(t.stripe.customers.update('cus_nope', { name: 'x' }));
    expect(updateMissing.statusCode).toBe(404);
  });

  it('replays an idempotent request exactly and refuses the key with other parameters', async () => {
    const key = 'idem-1';
    const first = await t.stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: key });
    const again = await t.stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: key });
    expect(again).toEqual(first);
    const conflict = await rejectionOf(t.stripe.customers.create({ email: 'other@example.com' }, { idempotencyKey: key }));
    expect(conflict).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((await t.stripe.customers.list({ email: 'idem@example.com' })).data).toHaveLength(1);
  });

  it('records customer events with previous_attributes', async () => {
    const c = await t.stripe.customers.create({ email: 'events@example.com' });
    await t.stripe.customers.update(c.id, { name: 'New' });
    const events = t.emulator.emulator.db.events.newestFirst().filter((e) => (e.data.object as { id?: string }).id === c.id);
    expect(events.map((e) => e.type)).toEqual(['customer.updated', 'customer.created']);
    expect(events[0]!.data.previous_attributes).toEqual({ name: null });
  });
});
