import { useEffect } from 'react';
import type { CheckoutSync } from '../client/types.ts';
import { useTollgate } from '../provider.tsx';
import { type ActionState, useAction } from './use-action.ts';

/**
 * For the Checkout success page: applies the finished session (`POST
 * checkout/sync`) as soon as the page loads, so the new plan (or purchase) shows
 * before Stripe's webhook arrives, then refreshes subscription, usage and ownership readers.
 * Give it the `session_id` your success URL carries
 * (`success_url: 'https://app.example/billing?session_id={CHECKOUT_SESSION_ID}'`);
 * null or undefined does nothing.
 */
export function useCheckoutSync(sessionId: string | null | undefined): Omit<ActionState<CheckoutSync>, 'reset'> {
  const { client, invalidate } = useTollgate();
  const {
    run,
    reset: _reset,
    ...state
  } = useAction(async (id: string) => {
    const synced = await client.syncCheckoutSession(id);
    invalidate('subscription');
    invalidate('usage');
    invalidate('purchases');
    return synced;
  });
  useEffect(() => {
    if (sessionId) void run(sessionId);
  }, [run, sessionId]);
  return sessionId ? state : { ...state, loading: false };
}
