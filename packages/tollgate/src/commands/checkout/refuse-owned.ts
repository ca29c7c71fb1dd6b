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
export async function refuseOwned(deps: Pick<Deps, 'db'>, input: PurchaseTarget): Promise<Result<null, AppError>> {
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
  const what = input.product !== undefined ? `product "${input.product}"` : `the item with metadata ${JSON.stringify(input.metadata)}`;
  return err(appError('already_owned', `customer "${input.customer}" already owns ${what}`, param, { purchase: owned.value.purchase?.id }));
}
