import type { ReactNode } from 'react';
import type { OwnershipQuery } from '../client/types.ts';
import { useOwnership, usePurchase } from '../hooks/use-ownership.ts';
import { ActionButton } from './ActionButton.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';
import { type ServerActionResult, useServerAction } from './server-action.ts';

/** What an app's server action answers: where to send the browser, or why not. */
export type PurchaseActionResult = ServerActionResult;

export interface PurchaseButtonProps {
  /** What the purchase grants, to show "Owned" instead of the button once it is paid. */
  owns: OwnershipQuery;
  /**
   * Your server starts the Checkout (an ad-hoc price of a marketplace
   * listing is a money decision: the server's, with a secret key) and
   * answers its url, or an error to show beside the button.
   */
  action?: () => Promise<PurchaseActionResult>;
  /** Or a one-time product of the engine's config, bought with the customer token. */
  product?: string;
  /** With `product`: where Checkout returns (add `?session_id={CHECKOUT_SESSION_ID}` for useCheckoutSync). */
  successUrl?: string;
  cancelUrl?: string;
  children?: ReactNode;
  ownedLabel?: ReactNode;
  className?: string;
}

/**
 * Buys something once: a button that starts hosted Checkout, replaced by an
 * "Owned" mark once the customer owns it (read from the engine's purchases
 * mirror). A refusal (say, "already owned") is shown beside the button.
 */
export function PurchaseButton({ owns, action, product, successUrl, cancelUrl, children, ownedLabel = 'Owned', className }: PurchaseButtonProps) {
  const ownership = useOwnership(owns);
  const bought = usePurchase();
  const server = useServerAction(action);
  const loading = bought.loading || server.loading;

  const start = async () => {
    if (product !== undefined) {
      const session = await bought.purchase({ product, success_url: successUrl ?? window.location.href, cancel_url: cancelUrl ?? window.location.href });
      // Refused (the engine answers 409 already_owned for what is owned): the mark catches up, the refusal stays in view.
      if (session === undefined) void ownership.refresh();
      return;
    }
    if (!(await server.run())) void ownership.refresh();
  };
  if (ownership.data?.owned) {
    // A refusal that told the customer they own it already stays in view beside the mark.
    return (
      <>
        <p className="tollgate-owned" role="status" data-owned="true">
          <span aria-hidden="true">✓</span>
          {ownedLabel}
        </p>
        <ErrorMessage error={bought.error ?? server.error} />
      </>
    );
  }
  return (
    <ActionButton
      onClick={() => void start()}
      loading={loading}
      error={bought.error ?? server.error ?? ownership.error}
      disabled={ownership.data === undefined}
      className={className}
    >
      {children ?? 'Buy'}
    </ActionButton>
  );
}
