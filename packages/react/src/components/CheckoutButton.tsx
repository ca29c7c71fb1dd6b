import type { ReactNode } from 'react';
import type { Interval } from '../client/types.ts';
import { useCheckout } from '../hooks/use-checkout.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { type ServerAction, useServerAction } from './server-action.ts';

export interface CheckoutButtonProps {
  /** A plan key from the engine's config. */
  plan: string;
  interval?: Interval;
  seats?: number;
  customerEmail?: string;
  /** Where Checkout sends the customer after paying; add `?session_id={CHECKOUT_SESSION_ID}` for useCheckoutSync on that page. */
  successUrl: string;
  /** Where Checkout sends the customer on "back". */
  cancelUrl: string;
  children?: ReactNode;
  className?: string;
  disabled?: boolean;
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
  const loading = engine.loading || server.loading;
  const error = engine.error ?? server.error;
  const start = () =>
    action
      ? void server.run(plan, interval)
      : void engine.checkout({
          plan,
          success_url: successUrl,
          cancel_url: cancelUrl,
          ...(interval !== undefined ? { interval } : {}),
          ...(seats !== undefined ? { seats } : {}),
          ...(customerEmail !== undefined ? { customer_email: customerEmail } : {}),
        });
  return (
    <>
      <button type="button" className={className ?? 'tollgate-button'} onClick={start} disabled={disabled === true || loading} aria-busy={loading}>
        {children ?? 'Subscribe'}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
