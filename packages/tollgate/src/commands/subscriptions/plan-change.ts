import type Stripe from 'stripe';
import { z } from 'zod';
import { resolvePlanPrice, selfServePlan } from '../checkout/plan-price.ts';
import type { BillingInterval } from '../../core/config/stripe-keys.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { appId, idText, INPUT_LIMITS, seatCount, text } from '../../core/lib/input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { planKeyOfPrice } from '../../stripe-in/mirror/fields.ts';
import { planItemOf } from './load.ts';

/** The input of `changePlan` and `previewPlanChange`. */
export const changePlanInput = z.object({
  customer: appId(),
  plan: text(INPUT_LIMITS.key),
  /** Default: the subscription's current interval. */
  interval: z.enum(['month', 'year']).optional().describe('Default: the current interval'),
  /** Per-seat plans: the new quantity (default: the current one). */
  seats: seatCount().optional(),
  /** `auto` (default): upgrades now with proration, downgrades at period end. */
  when: z.enum(['auto', 'now', 'period_end']).optional().describe('auto (default): upgrades now with proration, downgrades at period end'),
  /** The plan version to move to (default: the plan's current one). Library only: bulk migrations (plans/migrate.ts). */
  version: z.number().optional(),
  /** Library only: the Stripe idempotency key of the change (default: one per state and change, see `commandKey`). */
  idempotencyKey: idText().optional(),
  /**
   * The customer chooses (a browser's request): a hidden plan is refused
   * unless it is the one the subscription is on. Default false (the app's server).
   */
  selfService: z.boolean().optional(),
});
export type ChangePlanInput = z.input<typeof changePlanInput>;

export interface PlannedChange {
  planKey: string;
  interval: BillingInterval;
  price: Stripe.Price;
  quantity: number;
  /** Item changes for `subscriptions.update` / previews. */
  items: Stripe.SubscriptionUpdateParams.Item[];
  /** The items after the change, for a schedule phase. */
  nextItems: { price: string; quantity?: number }[];
  direction: 'upgrade' | 'downgrade';
  effective: 'now' | 'period_end';
}

/** A recurring amount per month, so a yearly and a monthly price compare. */
function monthly(price: Stripe.Price, quantity: number): number {
  const amount = (price.unit_amount ?? 0) * quantity;
  const r = price.recurring;
  if (!r) return amount;
  const months =
    r.interval === 'year'
      ? 12 * r.interval_count
      : r.interval === 'month'
        ? r.interval_count
        : r.interval === 'week'
          ? (r.interval_count * 7) / 30
          : r.interval_count / 30;
  return amount / months;
}

/** Works out what a plan change does to a subscription (shared by the change and its preview); `input` is parsed. */
export async function planChange(deps: Deps, subscription: Stripe.Subscription, input: ChangePlanInput): Promise<Result<PlannedChange, AppError>> {
  const current = planItemOf(subscription);
  if (!current) throw new Error(`subscription ${subscription.id} has no items`);
  const offeredOnly = input.selfService === true && input.plan !== planKeyOfPrice(current.price);
  const known = selfServePlan(deps, input.plan, 'plan', { offeredOnly });
  if (!known.ok) return known;
  if (input.seats !== undefined && !known.value.perSeat)
    return err(appError('validation_failed', `plan "${input.plan}" is not priced per seat: leave seats out`, 'seats'));
  const currentInterval = current.price.recurring?.interval === 'year' ? 'year' : 'month';
  const interval = input.interval ?? currentInterval;
  const target = await resolvePlanPrice(deps, input.plan, interval, 'plan', input.version);
  if (!target.ok) return target;
  const { price, overage } = target.value;
  const quantity = input.seats ?? (known.value.perSeat ? (current.quantity ?? 1) : 1);
  if (price.id === current.price.id && quantity === (current.quantity ?? 1)) {
    return err(appError('nothing_to_change', `the subscription is already on "${input.plan}" (${interval}) with quantity ${quantity}`, 'plan'));
  }

  const wantedOverage = new Set(overage.map((p) => p.id));
  const metered = subscription.items.data.filter((i) => i !== current && i.price.recurring?.usage_type === 'metered');
  const items: Stripe.SubscriptionUpdateParams.Item[] = [{ id: current.id, price: price.id, quantity }];
  for (const item of metered) if (!wantedOverage.has(item.price.id)) items.push({ id: item.id, deleted: true });
  const kept = new Set(metered.map((i) => i.price.id));
  for (const p of overage) if (!kept.has(p.id)) items.push({ price: p.id });

  const longer = currentInterval === 'month' && interval === 'year';
  const direction = longer || monthly(price, quantity) > monthly(current.price, current.quantity ?? 1) ? 'upgrade' : 'downgrade';
  const when = input.when ?? 'auto';
  const effective = when === 'auto' ? (direction === 'upgrade' ? 'now' : 'period_end') : when === 'now' ? 'now' : 'period_end';
  const nextItems = [{ price: price.id, quantity }, ...overage.map((p) => ({ price: p.id }))];
  return ok({ planKey: input.plan, interval, price, quantity, items, nextItems, direction, effective });
}

/** The plan a subscription is on now (for messages). */
export function currentPlanKey(subscription: Stripe.Subscription): string | null {
  return planKeyOfPrice(planItemOf(subscription)?.price);
}
