import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from './server.ts';

describe('stripe-emulator over HTTP through the official SDK', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  function sdk(key: string): Stripe {
    const url = new URL(emulator.url);
    return new Stripe(key, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
  }

  it('rejects a key that is not a test secret key with 401', async () => {
    const error = await sdk('pk_test_nope')
      .customers.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('writes JSON bodies as Stripe does: two-space indent, one member per line, a final newline', async () => {
    const response = await fetch(`${emulator.url}/v1/customers`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_123', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=indent%40example.com&metadata[plan]=pro',
    });
    const text = await response.text();
    expect(text).toMatch(/^\{\n {2}"id": "cus_[A-Za-z0-9]+",\n {2}"object": "customer",\n/);
    expect(text).toContain('\n  "metadata": {\n    "plan": "pro"\n  },\n');
    expect(text.endsWith('\n}\n')).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ email: 'indent@example.com' });
    const error = await (await fetch(`${emulator.url}/v1/customers/cus_nope`, { headers: { authorization: 'Bearer sk_test_123' } })).text();
    expect(error).toMatch(/^\{\n {2}"error": \{\n {4}"type": "invalid_request_error",\n/);
  });

  it('answers an unknown path with a Stripe-shaped 404', async () => {
    const response = await fetch(`${emulator.url}/v1/nothing_here`, { headers: { authorization: 'Bearer sk_test_123' } });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('/v1/nothing_here');
    expect(response.headers.get('request-id')).toMatch(/^req_/);
  });
});

describe('rate limiting', () => {
  it('answers 429 rate_limit past rateLimitPerSecond, which the SDK raises as StripeRateLimitError', async () => {
    const emulator = await startEmulator({ rateLimitPerSecond: 3 });
    try {
      const url = new URL(emulator.url);
      const stripe = new Stripe('sk_test_limited', { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => stripe.customers.list()));
      const limited = results.filter((r) => r.status === 'rejected').map((r) => r.reason as unknown);
      expect(limited.length).toBeGreaterThan(0);
      expect(limited[0]).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(emulator.emulator.db.customers.size).toBe(0);
    } finally {
      await emulator.close();
    }
  });
});
