import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../core/clock.ts';
import { startReceiver, type WebhookReceiver } from '../testing/receiver.ts';
import { startTestEmulator, type TestEmulator } from '../testing/sdk.ts';
import type { CliIo } from './io.ts';
import { runListen } from './listen.ts';

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);

function capture(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => void (out += t), err: (t) => void (err += t), stdout: () => out, stderr: () => err };
}

/** Waits for a condition the command reaches on its own (bounded, so a broken command fails the test). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('stripe-emulator listen', () => {
  let t: TestEmulator;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    t = await startTestEmulator({ clock: fixedClock(NOW), schedulerIntervalMs: 0 });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('registers a forwarding endpoint, prints its secret, forwards signed events and prints them, and unregisters on stop', async () => {
    const io = capture();
    const stop = new AbortController();
    const done = runListen(['--forward-to', receiver.url, '--api-base', t.emulator.url, '--events', 'customer.created,customer.updated'], io, stop.signal, 20);
    await until(() => io.stdout().includes('Ready!'), 'the Ready line');
    const secret = /signing secret is (whsec_\S+)/.exec(io.stdout())?.[1];
    expect(io.stdout()).toMatch(
      /^> Ready! You are using Stripe API Version \[2026-10-28\.endive\]\. Your webhook signing secret is whsec_\S+ \(\^C to quit\)\n/,
    );
    const endpoints = await t.stripe.webhookEndpoints.list();
    expect(endpoints.data).toEqual([
      expect.objectContaining({ url: receiver.url, enabled_events: ['customer.created', 'customer.updated'], metadata: { stripe_emulator_listen: 'true' } }),
    ]);

    const customer = await t.stripe.customers.create({ email: 'listen@example.com' });
    await t.stripe.products.create({ name: 'not forwarded' });
    const [delivery] = await receiver.waitFor(1);
    const event = t.stripe.webhooks.constructEvent(delivery!.body, delivery!.signature, secret!, undefined, undefined, t.now());
    expect(event).toMatchObject({ type: 'customer.created', data: { object: { id: customer.id } } });
    await until(() => io.stdout().includes('<--  [200]'), 'the delivery line');
    expect(io.stdout()).toContain(`--> customer.created [${event.id}]`);
    expect(io.stdout()).toContain(`<--  [200] POST ${receiver.url} [${event.id}]`);

    const again = capture();
    expect(await runListen(['--print-secret', '--api-base', t.emulator.url], again, new AbortController().signal)).toBe(0);
    expect(again.stdout()).toBe(`${secret}\n`);

    stop.abort();
    expect(await done).toBe(0);
    expect((await t.stripe.webhookEndpoints.list()).data).toEqual([]);
    expect(receiver.received).toHaveLength(1);
  });

  it('refuses a missing or bad --forward-to and an unreachable emulator', async () => {
    const missing = capture();
    expect(await runListen(['--api-base', t.emulator.url], missing, new AbortController().signal)).toBe(2);
    expect(missing.stderr()).toContain('--forward-to');
    const bad = capture();
    expect(await runListen(['--forward-to', 'ftp://nowhere', '--api-base', t.emulator.url], bad, new AbortController().signal)).toBe(1);
    expect(bad.stderr()).toContain('forward_to');
    const unknown = capture();
    expect(await runListen(['--forward-to', receiver.url, '--colour', 'red'], unknown, new AbortController().signal)).toBe(2);
    const away = capture();
    expect(await runListen(['--forward-to', receiver.url, '--api-base', 'http://127.0.0.1:9'], away, new AbortController().signal)).toBe(1);
    expect(away.stderr()).toContain('cannot register');
    expect((await t.stripe.webhookEndpoints.list()).data).toEqual([]);
  });
});
