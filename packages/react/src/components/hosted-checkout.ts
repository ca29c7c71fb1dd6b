import type { ReactNode } from 'react';

/** What every button that starts hosted Checkout takes: where Checkout returns, the customer's email, the button itself. */
export interface HostedCheckoutButtonProps {
  customerEmail?: string;
  /** Where Checkout sends the customer after paying; add `?session_id={CHECKOUT_SESSION_ID}` for useCheckoutSync on that page. */
  successUrl: string;
  /** Where Checkout sends the customer on "back". */
  cancelUrl: string;
  children?: ReactNode;
  className?: string;
  disabled?: boolean;
}
