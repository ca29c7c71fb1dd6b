import type Stripe from 'stripe';
import type { AppError } from '../../core/lib/errors.ts';
import type { CouponStep } from './coupons.ts';

/**
 * What `tollgate push` would do to Stripe: typed steps, each with a readable
 * line. Steps refer to objects a previous step creates by their config key
 * (`{ key }`), and to existing ones by Stripe id (`{ id }`).
 */
export type Ref = { id: string } | { key: string };

export type PushStep =
  | { type: 'create_meter'; feature: string; params: Stripe.Billing.MeterCreateParams }
  | { type: 'update_meter'; id: string; feature: string; params: Stripe.Billing.MeterUpdateParams }
  | { type: 'reactivate_meter'; id: string; feature: string }
  | { type: 'deactivate_meter'; id: string; eventName: string }
  | { type: 'create_product'; key: string; params: Stripe.ProductCreateParams }
  | { type: 'update_product'; key: string; id: string; params: Stripe.ProductUpdateParams }
  | { type: 'archive_product'; key: string; id: string }
  | {
      type: 'create_price';
      lookupKey: string;
      product: Ref;
      /** The feature whose meter a metered price points at. */
      meter?: Ref;
      params: Omit<Stripe.PriceCreateParams, 'product'>;
      /** The price this one replaces (its lookup key moves here; it is archived by a later step). */
      replaces?: { id: string; unitAmount: number | null };
    }
  | { type: 'update_price'; lookupKey: string; id: string; params: Stripe.PriceUpdateParams }
  | { type: 'archive_price'; lookupKey: string | null; id: string }
  | CouponStep;

export type PushAction = 'create' | 'update' | 'archive';

export interface PushPlan {
  /** Identifies this plan; idempotency keys of its updates derive from it and the step index. */
  id: string;
  currency: string;
  steps: PushStep[];
  /** Why the config cannot be pushed (a pushed plan version changed, push/versions.ts); `steps` is then empty. */
  refused?: AppError[];
}

export interface AppliedStep {
  step: PushStep;
  /** The Stripe id of the object the step created or changed. */
  id: string;
}

/** Stripe objects Tollgate manages, as read before planning. */
export interface StripeState {
  products: Stripe.Product[];
  prices: Stripe.Price[];
  meters: Stripe.Billing.Meter[];
}
