import type Stripe from 'stripe';

/** Advances a Stripe test clock and waits until it is `ready` (advancing is asynchronous). */
export async function advanceTestClock(stripe: Stripe, clock: string, to: number): Promise<void> {
  let current = await stripe.testHelpers.testClocks.advance(clock, { frozen_time: to });
  for (let i = 0; i < 1000 && current.status !== 'ready'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    current = await stripe.testHelpers.testClocks.retrieve(clock);
  }
  if (current.status !== 'ready') throw new Error(`test clock ${clock} is still ${current.status}`);
}
