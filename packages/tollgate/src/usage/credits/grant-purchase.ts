import type { purchases } from '../../core/db/schema/purchases.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { insertGrant } from './insert-grant.ts';
import { CREDIT_METADATA } from './metadata.ts';
import { DEFAULT_PRIORITY } from './systems.ts';

type PurchaseRow = typeof purchases.$inferSelect;
const PAID = new Set(['paid', 'no_payment_required']);
const DAY_MS = 86_400_000;

/** The idempotency key of the grant a paid Checkout Session makes. */
export function purchaseGrantKey(sessionId: string): string {
  return `purchase:${sessionId}`;
}

/**
 * Grants the credits a paid credit purchase bought (`buyCredits`), in the
 * mirror's transaction that records the purchase: the grant commits with the
 * purchase or not at all. Keyed by the Checkout Session, so duplicated,
 * shuffled or replayed webhooks (and the success page's sync) grant once.
 * Purchases that are not of credits, or not paid yet, are left alone.
 */
export async function grantPurchasedCredits(deps: Deps, purchase: PurchaseRow): Promise<void> {
  const system = purchase.metadata[CREDIT_METADATA.system];
  if (system === undefined || purchase.status !== 'complete' || !PAID.has(purchase.paymentStatus)) return;
  const micros = Number(purchase.metadata[CREDIT_METADATA.micros]);
  const customer = purchase.externalId;
  if (!Number.isSafeInteger(micros) || micros <= 0 || !customer) {
    deps.log.warn('credits: a paid credit purchase names no customer or amount; nothing granted', { purchase: purchase.id });
    return;
  }
  const days = Number(purchase.metadata[CREDIT_METADATA.expiresAfterDays] ?? 0);
  const effectiveAt = purchase.completedAt ?? deps.clock.now();
  await insertGrant(deps, {
    customer,
    system,
    kind: 'paid',
    priority: DEFAULT_PRIORITY.paid,
    amount: micros,
    effectiveAt,
    expiresAt: days > 0 ? new Date(effectiveAt.getTime() + days * DAY_MS) : null,
    idempotencyKey: purchaseGrantKey(purchase.id),
    paidAmount: purchase.amountTotal ?? 0,
    currency: purchase.currency,
    source: purchase.id,
    metadata: { pack: purchase.metadata[CREDIT_METADATA.pack] ?? 'custom' },
  });
}
