import type Stripe from 'stripe';
import { unixSeconds } from '../lib/clock.ts';
import type { TestDeps } from '../testing/deps.ts';
import { signatureHeader } from './verify-signature.ts';

/**
 * Test support: the events a test's stripe-emulator really emits, and signed
 * deliveries of them to a handler. Lives beside the tests that use it.
 */
export function recordEvents(deps: TestDeps): Stripe.Event[] {
  const events: Stripe.Event[] = [];
  const running = deps.testStripe;
  if (!running) throw new Error('recordEvents needs deps with an emulator');
  running.emulator.emulator.onEvent((event) => events.push(JSON.parse(JSON.stringify(event)) as Stripe.Event));
  return events;
}

export const TEST_SECRET = 'whsec_test_tollgate';

export function signedRequest(
  body: string,
  options: { secret?: string; timestamp?: number; header?: string | null } = {},
): Request {
  const headers = new Headers({ 'content-type': 'application/json' });
  const header =
    options.header === undefined
      ? signatureHeader(body, options.secret ?? TEST_SECRET, options.timestamp ?? Math.floor(Date.now() / 1000))
      : options.header;
  if (header !== null) headers.set('stripe-signature', header);
  return new Request('http://tollgate.test/api/v1/billing/webhook', { method: 'POST', body, headers });
}

/** Delivers an event signed "now" by the deps clock; returns the status. */
export async function deliver(
  handler: (request: Request) => Promise<Response>,
  deps: TestDeps,
  event: object,
): Promise<number> {
  const response = await handler(signedRequest(JSON.stringify(event), { timestamp: unixSeconds(deps.clock.now()) }));
  return response.status;
}
