import type Stripe from 'stripe';
import { resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { initialMetadata, mergeMetadata } from '../../core/metadata.ts';

export interface ConfigurationInput {
  name?: string;
  default_return_url?: string;
  business_profile?: { headline?: string; privacy_policy_url?: string; terms_of_service_url?: string };
  features?: {
    customer_update?: { enabled?: boolean; allowed_updates?: string[] | '' };
    invoice_history?: { enabled: boolean };
    payment_method_update?: { enabled: boolean };
    subscription_cancel?: { enabled?: boolean; mode?: 'at_period_end' | 'immediately'; proration_behavior?: 'always_invoice' | 'create_prorations' | 'none' };
    subscription_update?: {
      enabled?: boolean;
      default_allowed_updates?: ('price' | 'promotion_code' | 'quantity')[] | '';
      products?: { product: string; prices: string[] }[] | '';
      proration_behavior?: 'always_invoice' | 'create_prorations' | 'none';
    };
  };
  metadata?: Record<string, string> | '';
  active?: boolean;
}

function features(input: ConfigurationInput['features'], base?: Stripe.BillingPortal.Configuration.Features): Stripe.BillingPortal.Configuration.Features {
  const cancel = base?.subscription_cancel;
  const update = base?.subscription_update;
  const products = input?.subscription_update?.products;
  return {
    customer_update: {
      enabled: input?.customer_update?.enabled ?? base?.customer_update.enabled ?? true,
      allowed_updates: (input?.customer_update?.allowed_updates || undefined) ?? base?.customer_update.allowed_updates ?? ['email', 'name'],
    },
    invoice_history: { enabled: input?.invoice_history?.enabled ?? base?.invoice_history.enabled ?? true },
    payment_method_update: {
      enabled: input?.payment_method_update?.enabled ?? base?.payment_method_update.enabled ?? true,
      payment_method_configuration: null,
    },
    subscription_cancel: {
      cancellation_reason: cancel?.cancellation_reason ?? { enabled: false, feedback_options: null, options: [] },
      enabled: input?.subscription_cancel?.enabled ?? cancel?.enabled ?? true,
      mode: input?.subscription_cancel?.mode ?? cancel?.mode ?? 'at_period_end',
      proration_behavior: input?.subscription_cancel?.proration_behavior ?? cancel?.proration_behavior ?? 'none',
    },
    subscription_pause: { duration: { interval_options: [], type: 'indefinite' }, enabled: false },
    subscription_update: {
      billing_cycle_anchor: null,
      default_allowed_updates: (input?.subscription_update?.default_allowed_updates || undefined) ?? update?.default_allowed_updates ?? ['price'],
      enabled: input?.subscription_update?.enabled ?? update?.enabled ?? true,
      products:
        products === undefined
          ? (update?.products ?? [])
          : products === ''
            ? []
            : products.map((p) => ({ product: p.product, prices: p.prices, adjustable_quantity: { enabled: false, maximum: null, minimum: 1 } })),
      proration_behavior: input?.subscription_update?.proration_behavior ?? update?.proration_behavior ?? 'create_prorations',
      schedule_at_period_end: { conditions: [] },
      trial_update_behavior: 'end_trial',
    },
  };
}

export function createConfiguration(em: Emulator, input: ConfigurationInput, isDefault = false): Stripe.BillingPortal.Configuration {
  const now = em.now();
  const config: Stripe.BillingPortal.Configuration = {
    id: em.ids.next('bpc'),
    object: 'billing_portal.configuration',
    active: true,
    application: null,
    business_profile: {
      headline: input.business_profile?.headline || null,
      privacy_policy_url: input.business_profile?.privacy_policy_url ?? null,
      terms_of_service_url: input.business_profile?.terms_of_service_url ?? null,
    },
    created: now,
    default_return_url: input.default_return_url || null,
    features: features(input.features),
    is_default: isDefault,
    livemode: false,
    login_page: { enabled: false, url: null },
    metadata: initialMetadata(input.metadata),
    name: input.name ?? null,
    updated: now,
  };
  em.db.portalConfigurations.put(config);
  return config;
}

/** The account's default portal configuration (created on first use, as every Stripe account has one). */
export function defaultConfiguration(em: Emulator): Stripe.BillingPortal.Configuration {
  for (const config of em.db.portalConfigurations.values()) if (config.is_default) return config;
  return createConfiguration(em, {}, true);
}

export function getConfiguration(em: Emulator, id: string, param = 'configuration'): Stripe.BillingPortal.Configuration {
  const config = em.db.portalConfigurations.get(id);
  if (!config) throw resourceMissing('billing_portal.configuration', id, param);
  return config;
}

export function updateConfiguration(em: Emulator, id: string, input: ConfigurationInput): Stripe.BillingPortal.Configuration {
  const before = getConfiguration(em, id, 'id');
  const after: Stripe.BillingPortal.Configuration = {
    ...before,
    active: input.active ?? before.active,
    name: input.name ?? before.name,
    default_return_url: input.default_return_url === undefined ? before.default_return_url : input.default_return_url || null,
    business_profile: {
      ...before.business_profile,
      ...(input.business_profile?.headline !== undefined ? { headline: input.business_profile.headline || null } : {}),
    },
    features: features(input.features, before.features),
    metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
    updated: em.now(),
  };
  em.db.portalConfigurations.put(after);
  return after;
}
