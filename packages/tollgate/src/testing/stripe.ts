import type Stripe from 'stripe';
import { type RunningEmulator, startEmulator } from 'stripe-emulator';
import type { Clock } from '../core/lib/clock.ts';
import { createStripeClient } from '../core/stripe/client.ts';

/**
 * A stripe-emulator on a free port and an official SDK client pointed at it.
 * Test-only: the engine's source never imports the emulator; they meet over HTTP.
 */
export interface TestStripe {
  stripe: Stripe;
  emulator: RunningEmulator;
  close(): Promise<void>;
}

export interface TestStripeOptions {
  /**
   * The clock the emulator runs on (a test's manual clock, so the engine and
   * Stripe agree on "now" and the test moves both). Without one, real time.
   * On a test's clock nothing moves in the background: time-driven changes
   * (renewals, retries) happen to objects on a Stripe test clock when it is
   * advanced, as in Stripe's test mode.
   */
  clock?: Clock;
}

export async function startTestStripe(options: TestStripeOptions = {}): Promise<TestStripe> {
  const { clock } = options;
  const emulator = await startEmulator({
    port: 0,
    ...(clock ? { clock: { now: () => clock.now().getTime() }, schedulerIntervalMs: 0 } : {}),
  });
  const stripe = createStripeClient({ apiKey: 'sk_test_tollgate', baseUrl: emulator.url, maxNetworkRetries: 0 });
  return { stripe, emulator, close: () => emulator.close() };
}
