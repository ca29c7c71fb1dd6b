import { spawn, spawnSync } from 'node:child_process';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/stripe-emulator.mjs', import.meta.url).pathname;

describe('fault injection flags on the CLI', () => {
  it('answers the chosen paths with 429 and leaves others alone', async () => {
    const child = spawn(process.execPath, [BIN, '--port', '0', '--fault-rate', '1', '--fault-kinds', 'rate_limit', '--fault-paths', '/v1/customers'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const u = new URL(url);
      const stripe = new Stripe('sk_test_flags', { host: u.hostname, port: Number(u.port), protocol: 'http', maxNetworkRetries: 0 });
      await expect(stripe.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      await expect(stripe.products.list()).resolves.toMatchObject({ object: 'list' });
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses a bad value naming the flag', () => {
    const result = spawnSync(process.execPath, [BIN, '--fault-rate', '3'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--fault-rate');
  });
});
