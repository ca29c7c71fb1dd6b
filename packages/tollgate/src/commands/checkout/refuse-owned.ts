import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { ownsPurchase } from '../../reads/purchases/owns.ts';

interface PurchaseTarget {
  customer: string;
  product?: string | undefined;
  metadata?: Record<string, string> | undefined;
}

/**
 * A one-time purchase is bought once: a config product the customer owns, or
 * an ad-hoc item (a marketplace agent) whose metadata matches a purchase the
 * customer owns, is refused with `already_owned` (409) naming the field.
 * Owned means paid and not refunded in full (`ownsPurchase`, from the mirror).
 * An ad-hoc amount without metadata names no item, so it is never refused.
 */
export async function refuseOwned(deps: Pick<Deps, 'db' | 'config'>, input: PurchaseTarget): Promise<Result<null, AppError>> {
  const query =
    input.product !== undefined
      ? { customer: input.customer, product: input.product }
      : input.metadata !== undefined && Object.keys(input.metadata).length > 0
        ? { customer: input.customer, metadata: input.metadata }
        : null;
  if (query === null) return ok(null);
  const owned = await ownsPurchase(deps, query);
  if (!owned.ok) return owned;
  if (!owned.value.owned) return ok(null);
  const param = input.product !== undefined ? 'product' : 'metadata';
  // Worded for the buyer (a customer-token route's message reaches the page); the field and the purchase are for the app.
  const product = input.product !== undefined ? deps.config.products?.[input.product] : undefined;
  const what = product
    ? product.name
    : `this item (${
        Object.entries(input.metadata ?? {})
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || input.product
      })`;
  return err(appError('already_owned', `You already own ${what}.`, param, { purchase: owned.value.purchase?.id }));
}
