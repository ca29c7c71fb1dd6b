/**
 * How config keys map onto Stripe objects. `tollgate push` writes these; the
 * mirror and the usage reporter read them back. One place, so the roads agree.
 *
 * - plan price:    lookup_key `tollgate:plan:<plan>:<month|year>`,
 *                  metadata { tollgate_plan, tollgate_interval }
 * - overage price: lookup_key `tollgate:overage:<plan>:<feature>`,
 *                  metadata { tollgate_plan, tollgate_feature }
 * - plan versions: version 1 as above; version n > 1 adds `:v<n>` to both
 *                  lookup keys and metadata { tollgate_plan_version: "<n>" };
 *                  a versioned plan's prices carry { tollgate_plan_limits }
 *                  (a digest of the version's features, see config/versions.ts)
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
  version: 'tollgate_plan_version',
  limits: 'tollgate_plan_limits',
  /** On a customer: the currency checkout bills them in (a plan's `currencies`). */
  currency: 'tollgate_currency',
} as const;

function versionSuffix(version: number): string {
  return version > 1 ? `:v${version}` : '';
}

export function planPriceLookupKey(plan: string, interval: BillingInterval, version = 1): string {
  return `tollgate:plan:${plan}:${interval}${versionSuffix(version)}`;
}

export function overagePriceLookupKey(plan: string, feature: string, version = 1): string {
  return `tollgate:overage:${plan}:${feature}${versionSuffix(version)}`;
}

export function productLookupKey(product: string): string {
  return `tollgate:product:${product}`;
}

export function meterEventName(feature: string): string {
  return `tollgate_${feature.replaceAll('-', '_')}`;
}

export type ParsedLookupKey =
  | { kind: 'plan'; plan: string; interval: BillingInterval; version: number }
  | { kind: 'overage'; plan: string; feature: string; version: number }
  | { kind: 'product'; product: string };

/** The plan version a price belongs to: its lookup key's, else its metadata's, else 1. */
export function planVersionOfPrice(price: { lookup_key: string | null; metadata: Record<string, string> | null } | null | undefined): number {
  if (!price) return 1;
  const parsed = parseLookupKey(price.lookup_key);
  if (parsed && parsed.kind !== 'product') return parsed.version;
  const meta = Number(price.metadata?.[METADATA.version]);
  return Number.isInteger(meta) && meta >= 1 ? meta : 1;
}

/** Reads a Tollgate lookup key back; undefined for prices Tollgate does not manage. */
export function parseLookupKey(lookupKey: string | null | undefined): ParsedLookupKey | undefined {
  if (!lookupKey?.startsWith('tollgate:')) return undefined;
  const [, kind, a, b, v, ...rest] = lookupKey.split(':');
  const version = v === undefined ? 1 : /^v[1-9][0-9]{0,3}$/.test(v) ? Number(v.slice(1)) : undefined;
  if (version === undefined || rest.length > 0) return undefined;
  if (kind === 'plan' && a && (b === 'month' || b === 'year')) return { kind, plan: a, interval: b, version };
  if (kind === 'overage' && a && b) return { kind, plan: a, feature: b, version };
  if (kind === 'product' && a && b === undefined) return { kind, product: a };
  return undefined;
}
