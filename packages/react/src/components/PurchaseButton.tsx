import { type ReactNode, useState } from 'react';
import { type ApiErrorBody, TollgateApiError } from '../client/errors.ts';
import type { OwnershipQuery } from '../client/types.ts';
import { useOwnership, usePurchase } from '../hooks/use-ownership.ts';
import { useTollgate } from '../provider.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

/** What an app's server action answers: where to send the browser, or why not. */
export type PurchaseActionResult = { url: string } | { error: ApiErrorBody };

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
  const { navigate } = useTollgate();
  const [actionState, setActionState] = useState<{ loading: boolean; error: TollgateApiError | undefined }>({ loading: false, error: undefined });
  const loading = bought.loading || actionState.loading;

  if (ownership.data?.owned) {
    return (
      <p className="tollgate-owned" role="status" data-owned="true">
        <span aria-hidden="true">✓ </span>
        {ownedLabel}
      </p>
    );
  }
  const start = async () => {
    if (product !== undefined) {
      await bought.purchase({ product, success_url: successUrl ?? window.location.href, cancel_url: cancelUrl ?? window.location.href });
      return;
    }
    if (!action) return;
    setActionState({ loading: true, error: undefined });
    try {
      const result = await action();
      if ('url' in result) {
        navigate(result.url);
        return; // leaving the page: keep the button busy
      }
      setActionState({ loading: false, error: new TollgateApiError(result.error, 409) });
      void ownership.refresh();
    } catch (e) {
      setActionState({ loading: false, error: new TollgateApiError({ code: 'network_error', message: e instanceof Error ? e.message : String(e) }, 0) });
    }
  };
  return (
    <>
      <button
        type="button"
        className={className ?? 'tollgate-button'}
        onClick={() => void start()}
        disabled={loading || ownership.data === undefined}
        aria-busy={loading}
      >
        {children ?? 'Buy'}
      </button>
      <ErrorMessage error={bought.error ?? actionState.error ?? ownership.error} />
    </>
  );
}
