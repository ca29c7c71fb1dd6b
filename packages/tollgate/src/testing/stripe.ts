import type Stripe from 'stripe';
import { type RunningEmulator, startEmulator } from 'stripe-emulator';
import { createStripeClient } from '../stripe/client.ts';

/**
 * A stripe-emulator on a free port and an official SDK client pointed at it.
 * Test-only: the engine's source never imports the emulator; they meet over HTTP.
 */
export interface TestStripe {
  stripe: Stripe;
  emulator: RunningEmulator;
  close(): Promise<void>;
}

export async function startTestStripe(): Promise<TestStripe> {
  const emulator = await startEmulator({ port: 0 });
  const stripe = createStripeClient({ apiKey: 'sk_test_tollgate', baseUrl: emulator.url, maxNetworkRetries: 0 });
  return { stripe, emulator, close: () => emulator.close() };
}
