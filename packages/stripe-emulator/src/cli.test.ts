import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { planPrice } from './testing/fixtures.ts';

const BIN = new URL('../bin/stripe-emulator.mjs', import.meta.url).pathname;

function startCli(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function sdk(url: string): Stripe {
  const u = new URL(url);
  return new Stripe('sk_test_cli', { host: u.hostname, port: Number(u.port), protocol: 'http', maxNetworkRetries: 0 });
}

describe('npx stripe-emulator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stripe-emulator-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every object across a restart with --data', async () => {
    const file = join(dir, 'state.json');
    const first = await startCli(['--port', '0', '--data', file]);
    const stripe = sdk(first.url);
    const customer = await stripe.customers.create({ email: 'persist@example.com', metadata: { k: 'v' } });
    const price = await planPrice(stripe, 'Persisted', 900);
    await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: (await stripe.customers.listPaymentMethods(customer.id)).data[0]!.id },
    });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await stop(first.child);

    const second = await startCli(['--port', '0', '--data', file]);
    try {
      const again = sdk(second.url);
      expect(await again.customers.retrieve(customer.id)).toMatchObject({ email: 'persist@example.com', metadata: { k: 'v' } });
      expect((await again.subscriptions.retrieve(sub.id)).status).toBe('active');
      expect((await again.invoices.list({ customer: customer.id })).data).toHaveLength(1);
      const more = await again.customers.create({ email: 'after-restart@example.com' });
      expect(more.id).not.toBe(customer.id);
    } finally {
      await stop(second.child);
    }
  });

  it('rejects a bad --port with exit code 2', async () => {
    const child = spawn(process.execPath, [BIN, '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
  });
});
