import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { seatTerms } from '../../core/config/seat-sync.ts';
import { customers } from '../../core/db/schema/customers.ts';
import { subscriptionItems } from '../../core/db/schema/subscription-items.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { usageGauges } from '../../core/db/schema/usage-gauges.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { checkText, INPUT_LIMITS } from '../../core/lib/input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { applyStripeObject } from '../../stripe-in/mirror/apply.ts';

/** Statuses whose seats are billed and so follow the user count. */
const SYNCED_STATUSES = ['active', 'trialing', 'past_due'];

export interface SeatChange {
  customer: string;
  subscription: string;
  from: number;
  to: number;
}

export interface SeatSyncResult {
  /** Subscriptions whose quantity was sent to Stripe (one call each). */
  changed: SeatChange[];
  /** Subscriptions whose count is still moving (inside the debounce). */
  waiting: SeatChange[];
  /** Sends that failed (the next pass tries again); the rest went on. */
  failed: (SeatChange & { error: string })[];
}

/**
 * One pass of seat sync: for every live subscription on a plan with
 * `seatSync`, the quantity Stripe should bill is the customer's user count
 * (the plan's gauge) held within the plan's minimum and maximum. Where it
 * differs and the count has been still for `debounceSeconds` (or the
 * subscription has waited `maxDelaySeconds`), one Stripe update sets it,
 * prorated onto the next invoice, and the answer goes through the mirror.
 * A burst of adds and removes is one call; a pass with nothing to do makes
 * none. The idempotency key is the subscription, the change and the count's
 * last move, so passes on several nodes at once, or a retry after a crash,
 * change it once. Run it on a timer (`startSeatSync`) or after a count moves.
 */
export async function syncSeats(deps: Deps, options: { customer?: string } = {}): Promise<Result<SeatSyncResult, AppError>> {
  if (options.customer !== undefined) {
    const problem = checkText(options.customer, 'customer', { max: INPUT_LIMITS.id, notBlank: true });
    if (problem) return err(problem);
  }
  const result: SeatSyncResult = { changed: [], waiting: [], failed: [] };
  const now = deps.clock.now().getTime();
  for (const [planKey, plan] of Object.entries(deps.config.plans)) {
    if (!plan.seatSync || !plan.perSeat) continue;
    const terms = seatTerms(plan.seatSync);
    const rows = await deps.db
      .select({
        subscription: subscriptions.id,
        subscriptionUpdatedAt: subscriptions.updatedAt,
        customer: customers.externalId,
        count: usageGauges.value,
        countedAt: usageGauges.updatedAt,
        item: subscriptionItems.id,
        quantity: subscriptionItems.quantity,
      })
      .from(subscriptions)
      .innerJoin(customers, eq(customers.stripeCustomerId, subscriptions.stripeCustomerId))
      .innerJoin(usageGauges, and(eq(usageGauges.customerId, customers.externalId), eq(usageGauges.feature, terms.feature)))
      .innerJoin(subscriptionItems, and(eq(subscriptionItems.subscriptionId, subscriptions.id), eq(subscriptionItems.planKey, planKey)))
      .where(
        and(
          eq(subscriptions.planKey, planKey),
          inArray(subscriptions.status, SYNCED_STATUSES),
          isNotNull(customers.externalId),
          ...(options.customer !== undefined ? [eq(customers.externalId, options.customer)] : []),
        ),
      );
    for (const row of rows) {
      const to = Math.min(terms.maximum, Math.max(terms.minimum, row.count));
      const from = row.quantity ?? 1;
      if (to === from || row.customer === null) continue;
      const change: SeatChange = { customer: row.customer, subscription: row.subscription, from, to };
      const still = now - row.countedAt.getTime() >= terms.debounceMs;
      const overdue = now - row.subscriptionUpdatedAt.getTime() >= terms.maxDelayMs;
      if (!still && !overdue) {
        result.waiting.push(change);
        continue;
      }
      try {
        const updated = await deps.stripe.subscriptions.update(
          row.subscription,
          { items: [{ id: row.item, quantity: to }], proration_behavior: 'create_prorations' },
          { idempotencyKey: `tollgate-seat-sync-${row.subscription}-${from}-${to}-${row.countedAt.getTime()}` },
        );
        await applyStripeObject(deps, updated);
        result.changed.push(change);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        deps.log.warn('seat sync: update failed; the next pass tries again', { ...change, error: message });
        result.failed.push({ ...change, error: message });
      }
    }
  }
  return ok(result);
}
