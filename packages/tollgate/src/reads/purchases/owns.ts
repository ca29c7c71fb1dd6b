import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { customers } from '../../core/db/schema/customers.ts';
import { purchases } from '../../core/db/schema/purchases.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { idText, INPUT_LIMITS, text } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { ok, type Result } from '../../core/lib/result.ts';

/**
 * What is asked about: a one-time product of the config (`product`), or an
 * item the app named in the purchase's metadata when it started the
 * Checkout (a marketplace agent: `metadata: { agent_id: 'agt_1' }`).
 */
export type OwnsPurchaseInput =
  { customer: string; product: string; metadata?: undefined } | { customer: string; product?: undefined; metadata: Record<string, string> };

/** `OwnsPurchaseInput` parsed: one of `product` or `metadata` (1 to 5 entries). */
export const ownsPurchaseInput = z
  .object({
    customer: idText(),
    product: text(INPUT_LIMITS.key).optional(),
    metadata: z
      .record(text(40), text(INPUT_LIMITS.text))
      .refine((metadata) => Object.keys(metadata).length >= 1 && Object.keys(metadata).length <= 5, { error: 'must have 1 to 5 entries' })
      .optional(),
  })
  .refine((input) => (input.product === undefined) !== (input.metadata === undefined), { error: 'ask about either product or metadata', path: ['product'] });

export interface OwnedPurchase {
  id: string;
  productKey: string | null;
  currency: string | null;
  amountTotal: number | null;
  completedAt: Date | null;
  metadata: Record<string, string>;
}

export interface Ownership {
  owned: boolean;
  /** The paid, unrefunded purchase that makes it owned (the newest); null when not owned. */
  purchase: OwnedPurchase | null;
}

/**
 * Does the customer (the app's id) own this product or item? Answered from
 * the purchases mirror (never Stripe): a completed Checkout in `payment`
 * mode, paid, and not refunded in full. A partial refund keeps ownership.
 */
// Typed as the union (product or metadata) for callers; the schema checks the same at run time.
export const ownsPurchase: (deps: Pick<Deps, 'db'>, input: OwnsPurchaseInput) => Promise<Result<Ownership, AppError>> = operation(
  ownsPurchaseInput,
  async (deps: Pick<Deps, 'db'>, input): Promise<Result<Ownership, AppError>> => {
    const stripeIds = deps.db.select({ id: customers.stripeCustomerId }).from(customers).where(eq(customers.externalId, input.customer));
    const what = input.product !== undefined ? eq(purchases.productKey, input.product) : sql`${purchases.metadata} @> ${JSON.stringify(input.metadata)}::jsonb`;
    const [row] = await deps.db
      .select({
        id: purchases.id,
        productKey: purchases.productKey,
        currency: purchases.currency,
        amountTotal: purchases.amountTotal,
        completedAt: purchases.completedAt,
        metadata: purchases.metadata,
      })
      .from(purchases)
      .where(
        and(
          or(eq(purchases.externalId, input.customer), inArray(purchases.stripeCustomerId, stripeIds)),
          eq(purchases.status, 'complete'),
          inArray(purchases.paymentStatus, ['paid', 'no_payment_required']),
          isNull(purchases.refundedAt),
          what,
        ),
      )
      .orderBy(desc(purchases.stripeCreated), desc(purchases.id))
      .limit(1);
    return ok({ owned: row !== undefined, purchase: row ?? null });
  },
);
