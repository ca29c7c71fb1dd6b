import type { ReactNode } from 'react';
import { useBuyCredits } from '../hooks/use-credits.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface BuyCreditsButtonProps {
  /** A pack key of the credit system in the engine's config. */
  pack: string;
  system?: string;
  customerEmail?: string;
  /** Where Checkout sends the customer after paying (add `?session_id={CHECKOUT_SESSION_ID}` for useCheckoutSync there). */
  successUrl: string;
  cancelUrl: string;
  children?: ReactNode;
  className?: string;
  disabled?: boolean;
}

/**
 * A button that buys a pack of credits through hosted Checkout and redirects
 * to it; a refusal is shown beside it. It sends the pack's key only: the
 * number of credits and the price come from the engine's config, never from
 * the browser (a custom amount is the app server's, with a secret key).
 */
export function BuyCreditsButton({ pack, system, customerEmail, successUrl, cancelUrl, children, className, disabled }: BuyCreditsButtonProps) {
  const { buy, loading, error } = useBuyCredits();
  const start = () =>
    void buy({
      pack,
      success_url: successUrl,
      cancel_url: cancelUrl,
      ...(system !== undefined ? { system } : {}),
      ...(customerEmail !== undefined ? { customer_email: customerEmail } : {}),
    });
  return (
    <>
      <button type="button" className={className ?? 'tollgate-button'} onClick={start} disabled={disabled === true || loading} aria-busy={loading}>
        {children ?? 'Buy credits'}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
