import { useBuyCredits } from '../hooks/use-credits.ts';
import { ActionButton } from './ActionButton.tsx';
import type { HostedCheckoutButtonProps } from './hosted-checkout.ts';

export interface BuyCreditsButtonProps extends HostedCheckoutButtonProps {
  /** A pack key of the credit system in the engine's config. */
  pack: string;
  system?: string;
}

/**
 * A button that buys a pack of credits through hosted Checkout and redirects
 * to it; a refusal is shown beside it. It sends the pack's key only: the
 * number of credits and the price come from the engine's config, never from
 * the browser (a custom amount is the app server's, with a secret key).
 */
export function BuyCreditsButton({ pack, system, customerEmail, successUrl, cancelUrl, children, className, disabled }: BuyCreditsButtonProps) {
  const { buy, loading, error } = useBuyCredits();
  const start = () => void buy({ pack, system, customer_email: customerEmail, success_url: successUrl, cancel_url: cancelUrl });
  return (
    <ActionButton onClick={start} loading={loading} error={error} disabled={disabled} className={className}>
      {children ?? 'Buy credits'}
    </ActionButton>
  );
}
