import type { TollgateClient } from '../client/client.ts';
import { useTollgate } from '../provider.tsx';
import { type ActionState, useAction } from './use-action.ts';

export interface CheckoutOptions {
  /** Send the browser to Checkout (default true); false only returns the session and its url. */
  redirect?: boolean;
}

/** An action that opens a hosted Stripe page: resolves with its session, or undefined when it failed (see `error`). */
export type RedirectAction<I, S> = (input: I, options?: CheckoutOptions) => Promise<S | undefined>;

/**
 * Runs `start` (a client call that answers a hosted Stripe page: Checkout,
 * the portal) and, unless told `{ redirect: false }`, sends the browser to
 * the session's url.
 */
export function useRedirect<I, S extends { url: string }>(
  start: (client: TollgateClient, input: I) => Promise<S>,
): ActionState<S> & { run: RedirectAction<I, S> } {
  const { client, navigate } = useTollgate();
  return useAction(async (input: I, options?: CheckoutOptions) => {
    const session = await start(client, input);
    if (options?.redirect !== false) navigate(session.url);
    return session;
  });
}
