import type { Interval } from '../client/types.ts';
import { useCheckout } from '../hooks/use-checkout.ts';
import { ActionButton } from './ActionButton.tsx';
import type { HostedCheckoutButtonProps } from './hosted-checkout.ts';
import { type ServerAction, useServerAction } from './server-action.ts';

export interface CheckoutButtonProps extends HostedCheckoutButtonProps {
  /** A plan key from the engine's config. */
  plan: string;
  interval?: Interval;
  seats?: number;
  /**
   * Your server starts the Checkout instead (a Next.js server action, as
   * seed 004 does): called with the plan and interval, it answers the url or
   * an error to show beside the button.
   */
  action?: ServerAction<[plan: string, interval: Interval | undefined]>;
}

/**
 * A button that starts hosted Checkout for a plan and redirects to it; a
 * refusal is shown beside it. It runs with a customer token, so it sends only
 * the customer's choices (plan, interval, seats): trials, promotion codes and
 * metadata come from the config or the app's server, never from the browser.
 */
export function CheckoutButton({ plan, interval, seats, customerEmail, successUrl, cancelUrl, children, className, disabled, action }: CheckoutButtonProps) {
  const engine = useCheckout();
  const server = useServerAction(action);
  const start = () =>
    action
      ? void server.run(plan, interval)
      : void engine.checkout({ plan, interval, seats, customer_email: customerEmail, success_url: successUrl, cancel_url: cancelUrl });
  return (
    <ActionButton onClick={start} loading={engine.loading || server.loading} error={engine.error ?? server.error} disabled={disabled} className={className}>
      {children ?? 'Subscribe'}
    </ActionButton>
  );
}
