import type { ReactNode } from 'react';
import { usePortal } from '../hooks/use-checkout.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface ManageBillingButtonProps {
  /** Where the portal sends the customer back to (default: the current page). */
  returnUrl?: string;
  children?: ReactNode;
  className?: string;
}

/** Opens the Stripe customer portal (cards, invoices, cancelation); a refusal is shown beside it. */
export function ManageBillingButton({ returnUrl, children, className }: ManageBillingButtonProps) {
  const { open, loading, error } = usePortal();
  return (
    <>
      <button type="button" className={className ?? 'tollgate-button'} onClick={() => void open(returnUrl ?? window.location.href)} disabled={loading} aria-busy={loading}>
        {children ?? 'Manage billing'}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
