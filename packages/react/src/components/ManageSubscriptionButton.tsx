import type { ReactNode } from 'react';
import { ManageBillingButton } from './ManageBillingButton.tsx';
import type { ServerAction } from './server-action.ts';

export interface ManageSubscriptionButtonProps {
  /** Where the portal sends the customer back to (default: the current page). */
  returnUrl?: string;
  children?: ReactNode;
  className?: string;
  /** Your server opens the portal instead (a server action): it answers the url or an error. */
  action?: ServerAction<[]>;
}

/** Seed 004's name for the portal button: opens the Stripe customer portal (change plan, card, invoices, cancel). */
export function ManageSubscriptionButton({ children, ...props }: ManageSubscriptionButtonProps) {
  return <ManageBillingButton {...props}>{children ?? 'Manage subscription'}</ManageBillingButton>;
}
