import type { LicenseGrant, TollgateConfig } from '../core/config/types.ts';

/*
 * How a license's status follows billing: one pure function, used when the
 * mirror changes (settle.ts), by the time sweep (sweep.ts), by an operator's
 * restore, and by every read (validate, lists), so all of them agree.
 */

export type LicenseStatus = 'active' | 'suspended' | 'revoked' | 'expired';

export type LicenseReason = 'past_due' | 'unpaid' | 'paused' | 'plan_without_license' | 'subscription_ended' | 'refunded' | 'operator' | 'expired';

export interface StatusVerdict {
  status: LicenseStatus;
  reason: LicenseReason | null;
}

/** The billing facts of a license's subscription (the mirror's row). */
export interface SubscriptionFacts {
  status: string;
  planKey: string | null;
  pastDueSince: Date | null;
  currentPeriodStart: Date | null;
}

/** The billing facts of a license's purchase. */
export interface PurchaseFacts {
  status: string;
  paymentStatus: string;
  productKey: string | null;
  refundedAt: Date | null;
}

export type SourceFacts = { kind: 'subscription'; subscription: SubscriptionFacts } | { kind: 'purchase'; purchase: PurchaseFacts };

/** What the license row says (the part this decision reads). */
export interface LicenseFacts {
  status: string;
  statusReason: string | null;
  expiresAt: Date | null;
}

const DAY_MS = 86_400_000;
const DEFAULT_GRACE_DAYS = 7;
const ENDED = new Set(['canceled', 'incomplete_expired']);
/** Statuses of a subscription that has been paid (or is in its trial): a license may be issued. */
const ISSUABLE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused']);
const PAID = new Set(['paid', 'no_payment_required']);

export function planGrant(config: TollgateConfig, planKey: string | null): LicenseGrant | undefined {
  return planKey !== null && Object.hasOwn(config.plans, planKey) ? config.plans[planKey]?.license : undefined;
}

export function productGrant(config: TollgateConfig, productKey: string | null): LicenseGrant | undefined {
  const products = config.products ?? {};
  return productKey !== null && Object.hasOwn(products, productKey) ? products[productKey]?.license : undefined;
}

/** Whether the config grants any license (when none does, the mirror road skips licenses altogether). */
export function grantsLicenses(config: TollgateConfig): boolean {
  return Object.values(config.plans).some((p) => p.license) || Object.values(config.products ?? {}).some((p) => p.license);
}

/** When a past-due subscription's grace ends (the entitlements' `pastDueGraceDays`, counted the same way). */
export function graceEnd(config: TollgateConfig, subscription: SubscriptionFacts): Date | null {
  if (subscription.status !== 'past_due') return null;
  const since = subscription.pastDueSince ?? subscription.currentPeriodStart;
  if (!since) return null;
  return new Date(since.getTime() + (config.entitlements?.pastDueGraceDays ?? DEFAULT_GRACE_DAYS) * DAY_MS);
}

/** What billing says about a subscription's license now; null when it says nothing (not paid yet). */
export function subscriptionVerdict(config: TollgateConfig, subscription: SubscriptionFacts, now: Date): StatusVerdict | null {
  const { status } = subscription;
  if (ENDED.has(status)) return { status: 'revoked', reason: 'subscription_ended' };
  if (!ISSUABLE.has(status)) return null;
  if (!planGrant(config, subscription.planKey)) return { status: 'suspended', reason: 'plan_without_license' };
  if (status === 'unpaid' || status === 'paused') return { status: 'suspended', reason: status };
  if (status === 'past_due') {
    const end = graceEnd(config, subscription);
    if (end && now.getTime() >= end.getTime()) return { status: 'suspended', reason: 'past_due' };
  }
  return { status: 'active', reason: null };
}

/** What billing says about a purchase's license: revoked once refunded in full. */
export function purchaseVerdict(purchase: PurchaseFacts): StatusVerdict | null {
  if (purchase.refundedAt) return { status: 'revoked', reason: 'refunded' };
  if (purchase.status !== 'complete' || !PAID.has(purchase.paymentStatus)) return null;
  return { status: 'active', reason: null };
}

/** Whether a source that has no license yet gets one: paid (or trialing), granted by the config, not already ended. */
export function issuable(config: TollgateConfig, source: SourceFacts): LicenseGrant | undefined {
  if (source.kind === 'subscription') {
    const s = source.subscription;
    return ISSUABLE.has(s.status) ? planGrant(config, s.planKey) : undefined;
  }
  const p = source.purchase;
  return purchaseVerdict(p)?.status === 'active' ? productGrant(config, p.productKey) : undefined;
}

/**
 * The status a license has now. Revoked is final (only an operator's restore
 * undoes an operator's revoke); then expiry; then what billing says; without
 * billing facts (the source left the mirror) the row's own status stands.
 */
export function licenseStatus(config: TollgateConfig, license: LicenseFacts, source: SourceFacts | null, now: Date): StatusVerdict {
  if (license.status === 'revoked') return { status: 'revoked', reason: (license.statusReason as LicenseReason | null) ?? 'operator' };
  if (license.status === 'expired' || (license.expiresAt && license.expiresAt.getTime() <= now.getTime())) return { status: 'expired', reason: 'expired' };
  const verdict =
    source === null ? null : source.kind === 'subscription' ? subscriptionVerdict(config, source.subscription, now) : purchaseVerdict(source.purchase);
  if (verdict) return verdict;
  return { status: license.status as LicenseStatus, reason: license.statusReason as LicenseReason | null };
}
