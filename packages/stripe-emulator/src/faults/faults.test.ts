import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../core/clock.ts';
import { startReceiver } from '../testing/receiver.ts';
import { rejectionOf, startTestEmulator, type TestEmulator } from '../testing/sdk.ts';

describe('fault injection, reset and the inspection page', () => {
  let t: TestEmulator;
  // The emulator's clock: injected latency and delayed webhooks wait on it, so the test reads them off it.
  const clock = fixedClock(Date.parse('2026-01-15T12:00:00Z'));
  const control = (method: string, body?: unknown) =>
    fetch(`${t.emulator.url}/_emulator/faults`, {
      method,
      ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    }).then(async (r) => ({
      status: r.status,
      json: (await r.json()) as { settings: { rate: number }; injected: Record<string, number>; error?: { param: string } },
    }));
  beforeAll(async () => {
    t = await startTestEmulator({ clock });
  });
  afterAll(() => t.close());

  it('is off by default and answers chosen paths with 429, 500, a dropped connection or latency', async () => {
    expect((await control('GET')).json.settings.rate).toBe(0);
    await control('POST', { rate: 1, kinds: ['rate_limit'], paths: ['/v1/customers'] });
    expect(await rejectionOf(t.stripe.customers.create({}))).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    await t.stripe.products.list();
    await control('POST', { kinds: ['server_error'] });
    const serverError = await rejectionOf(t.stripe.customers.list());
    expect(serverError).toMatchObject({ statusCode: 500 });
    await control('POST', { kinds: ['drop'] });
    expect(await rejectionOf(t.stripe.customers.list())).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    await control('POST', { kinds: ['latency'], latency_ms: 300 });
    const started = clock.now();
    await t.stripe.customers.list();
    expect(clock.now() - started).toBe(300);
    const off = await control('DELETE');
    expect(off.json.settings.rate).toBe(0);
    await t.stripe.customers.create({ email: 'fine@example.com' });
    const bad = await control('POST', { rate: 2 });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.param).toBe('rate');
  });

  it('faults a share of requests, not all', async () => {
    await control('POST', { rate: 0.5, kinds: ['rate_limit'], paths: [] });
    let failed = 0;
    for (let i = 0; i < 40; i++)
      if (
        await t.stripe.products.list().then(
          () => false,
          () => true,
        )
      )
        failed++;
    await control('DELETE');
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
  });

  it('delivers webhooks duplicated, delayed and shuffled', async () => {
    const receiver = await startReceiver();
    await t.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created'] });
    await control('POST', { webhooks: { duplicate_rate: 1, delay_ms: 300 } });
    const sent = clock.now();
    const c = await t.stripe.customers.create({ email: 'dup@example.com' });
    const got = await receiver.waitFor(2, 5000);
    // Both copies went out 300 ms of the emulator's time after the event (each attempt is logged once
    // its answer is read: wait for both logs; the test's timeout bounds the wait).
    const attempts = () => [...t.emulator.emulator.db.deliveries.values()].filter((d) => d.at >= sent);
    while (attempts().length < 2) await new Promise((done) => setTimeout(done, 10));
    expect(attempts().map((d) => d.at - sent)).toEqual([300, 300]);
    const ids = got.map((r) => (JSON.parse(r.body) as { id: string; data: { object: { id: string } } }).data.object.id);
    expect(ids).toEqual([c.id, c.id]);

    await control('POST', { webhooks: { duplicate_rate: 0, delay_ms: 0, shuffle_window_ms: 200 } });
    const made: string[] = [];
    for (let i = 0; i < 8; i++) made.push((await t.stripe.customers.create({ email: `s${i}@example.com` })).id);
    const all = await receiver.waitFor(10, 5000);
    const order = all.slice(2).map((r) => (JSON.parse(r.body) as { data: { object: { id: string } } }).data.object.id);
    expect([...order].sort()).toEqual([...made].sort());
    expect(order).not.toEqual(made);
    await control('DELETE');
    await receiver.close();
  });

  it('shows customers, events and webhook deliveries at / and resets all state', async () => {
    const receiver = await startReceiver([500]);
    await t.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created'] });
    const customer = await t.stripe.customers.create({ email: 'seen@example.com' }, { idempotencyKey: 'reset-me' });
    const session = await t.stripe.checkout.sessions.create({ mode: 'setup', customer: customer.id, currency: 'usd' });
    await receiver.waitFor(1, 5000);
    // The attempt is logged once its answer is read: wait for the log (the test's timeout bounds the wait).
    while (t.emulator.emulator.db.deliveries.size === 0) await new Promise((done) => setTimeout(done, 10));
    const page = await fetch(`${t.emulator.url}/`);
    const html = await page.text();
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(html).toContain(customer.id);
    expect(html).toContain('seen@example.com');
    expect(html).toContain('customer.created');
    expect(html).toContain(session.id);
    expect(html).toMatch(/pill canceled">500</);
    const reset = await fetch(`${t.emulator.url}/_emulator/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect((await t.stripe.customers.list()).data).toEqual([]);
    expect((await t.stripe.webhookEndpoints.list()).data).toEqual([]);
    // Idempotency keys are state too: after a reset the same key creates anew instead of replaying.
    const again = await t.stripe.customers.create({ email: 'seen@example.com' }, { idempotencyKey: 'reset-me' });
    expect(again.id).not.toBe(customer.id);
    expect((await t.stripe.customers.list()).data.map((c) => c.id)).toEqual([again.id]);
    await receiver.close();
  });
});
