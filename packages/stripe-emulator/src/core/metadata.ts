import type Stripe from 'stripe';

/** Merges metadata updates the Stripe way: an empty string unsets a key; `''` for the whole hash clears it. */
export function mergeMetadata(current: Stripe.Metadata, update: Record<string, string> | '' | undefined): Stripe.Metadata {
  if (update === undefined) return current;
  if (update === '') return {};
  const out: Stripe.Metadata = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === '') delete out[key];
    else out[key] = value;
  }
  return out;
}

/** Metadata given at creation: empty values are dropped. */
export function initialMetadata(update: Record<string, string> | '' | undefined): Stripe.Metadata {
  return mergeMetadata({}, update);
}
