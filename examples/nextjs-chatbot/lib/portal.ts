import type { Deps } from 'tollgate';

/**
 * Lets customers switch between the self-serve plans in the Stripe portal
 * (an account setting, like the Dashboard's portal page): the default
 * configuration lists each plan's product and monthly price.
 */
export async function configurePortal(deps: Deps): Promise<void> {
  const keys = Object.entries(deps.config.plans)
    .filter(([, plan]) => plan.prices?.monthly !== undefined && !plan.custom)
    .map(([key]) => `tollgate:plan:${key}:month`);
  const prices = (await deps.stripe.prices.list({ lookup_keys: keys, active: true, limit: 100 })).data;
  const products = prices.map((p) => ({ product: typeof p.product === 'string' ? p.product : p.product.id, prices: [p.id] }));
  const features = {
    subscription_update: { enabled: true, default_allowed_updates: ['price' as const], products, proration_behavior: 'always_invoice' as const },
    subscription_cancel: { enabled: true, mode: 'at_period_end' as const },
    payment_method_update: { enabled: true },
    invoice_history: { enabled: true },
  };
  const existing = (await deps.stripe.billingPortal.configurations.list({ is_default: true, limit: 1 })).data[0];
  if (existing) await deps.stripe.billingPortal.configurations.update(existing.id, { features });
  else await deps.stripe.billingPortal.configurations.create({ features });
}
