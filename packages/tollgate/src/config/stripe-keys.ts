/**
 * How config keys map onto Stripe objects. `tollgate push` writes these; the
 * mirror and the usage reporter read them back. One place, so the roads agree.
 *
 * - plan price:    lookup_key `tollgate:plan:<plan>:<month|year>`,
 *                  metadata { tollgate_plan, tollgate_interval }
 * - overage price: lookup_key `tollgate:overage:<plan>:<feature>`,
 *                  metadata { tollgate_plan, tollgate_feature }
 * - one-time:      lookup_key `tollgate:product:<product>`, metadata { tollgate_product }
 * - products:      metadata { tollgate_plan } or { tollgate_product }
 * - meters:        event_name `tollgate_<feature>`, payload keys
 *                  `stripe_customer_id` and `value`
 * - customers:     metadata { tollgate_external_id }
 */
export type BillingInterval = 'month' | 'year';

export const METADATA = {
  plan: 'tollgate_plan',
  interval: 'tollgate_interval',
  feature: 'tollgate_feature',
  product: 'tollgate_product',
  externalId: 'tollgate_external_id',
  managedBy: 'tollgate_managed',
  /** On a customer: the currency checkout bills them in (a plan's `currencies`). */
  currency: 'tollgate_currency',
} as const;

export function planPriceLookupKey(plan: string, interval: BillingInterval): string {
  return `tollgate:plan:${plan}:${interval}`;
}

export function overagePriceLookupKey(plan: string, feature: string): string {
  return `tollgate:overage:${plan}:${feature}`;
}

export function productLookupKey(product: string): string {
  return `tollgate:product:${product}`;
}

export function meterEventName(feature: string): string {
  return `tollgate_${feature.replaceAll('-', '_')}`;
}

export type ParsedLookupKey =
  | { kind: 'plan'; plan: string; interval: BillingInterval }
  | { kind: 'overage'; plan: string; feature: string }
  | { kind: 'product'; product: string };

/** Reads a Tollgate lookup key back; undefined for prices Tollgate does not manage. */
export function parseLookupKey(lookupKey: string | null | undefined): ParsedLookupKey | undefined {
  if (!lookupKey?.startsWith('tollgate:')) return undefined;
  const [, kind, a, b] = lookupKey.split(':');
  if (kind === 'plan' && a && (b === 'month' || b === 'year')) return { kind, plan: a, interval: b };
  if (kind === 'overage' && a && b) return { kind, plan: a, feature: b };
  if (kind === 'product' && a) return { kind, product: a };
  return undefined;
}
