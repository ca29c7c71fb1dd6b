import type { ReactNode } from 'react';
import { usePortal } from '../hooks/use-checkout.ts';
import { ActionButton } from './ActionButton.tsx';
import { type ServerAction, useServerAction } from './server-action.ts';

export interface ManageBillingButtonProps {
  /** Where the portal sends the customer back to (default: the current page). */
  returnUrl?: string;
  children?: ReactNode;
  className?: string;
  /** Your server opens the portal instead (a server action): it answers the url or an error. */
  action?: ServerAction<[]>;
}

/** Opens the Stripe customer portal (cards, invoices, cancelation); a refusal is shown beside it. */
export function ManageBillingButton({ returnUrl, children, className, action }: ManageBillingButtonProps) {
  const portal = usePortal();
  const server = useServerAction(action);
  const open = () => (action ? void server.run() : void portal.open(returnUrl ?? window.location.href));
  return (
    <ActionButton onClick={open} loading={portal.loading || server.loading} error={portal.error ?? server.error} className={className}>
      {children ?? 'Manage billing'}
    </ActionButton>
  );
}
