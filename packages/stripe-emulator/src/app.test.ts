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
    const error = await sdk('pk_test_nope').customers.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
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
