import Stripe from 'stripe';

/** A claimed meter report, as the claim query returns it. */
export interface ReportRow extends Record<string, unknown> {
  identifier: string;
  customer_id: string;
  feature: string;
  seq: number;
  stripe_customer_id: string;
  event_name: string;
  value: string | number;
  event_at: Date | string;
  attempts: number;
}

export type Outcome = 'sent' | 'retry' | 'failed' | 'expired';

/** 429, 5xx and network failures are worth retrying; other refusals are not. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof Stripe.errors.StripeRateLimitError) return true;
  if (error instanceof Stripe.errors.StripeConnectionError) return true;
  if (error instanceof Stripe.errors.StripeAPIError) return true;
  if (error instanceof Stripe.errors.StripeError) return (error.statusCode ?? 500) >= 500 || error.statusCode === 429;
  return true;
}

/** Stripe refusing an identifier it has already seen means the event is there. */
export function isDuplicateIdentifier(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeInvalidRequestError &&
    (error.code === 'resource_already_exists' || (/identifier/i.test(error.message) && /already|duplicate|exists/i.test(error.message)))
  );
}
