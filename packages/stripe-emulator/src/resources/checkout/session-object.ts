import type Stripe from 'stripe';
import { initialMetadata } from '../../core/metadata.ts';
import type { CheckoutSessionInput } from './sessions.ts';

/** A new open Checkout Session object, every field as Stripe returns it. */
export function newSession(
  id: string,
  input: CheckoutSessionInput,
  at: { now: number; currency: string | null; url: string | null; clientSecret: string | null },
): Stripe.Checkout.Session {
  return {
    id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: input.allow_promotion_codes ?? null,
    allowed_payment_method_types: null,
    amount_subtotal: input.mode === 'setup' ? null : 0,
    amount_total: input.mode === 'setup' ? null : 0,
    automatic_tax: input.automatic_tax?.enabled
      ? { enabled: true, liability: { type: 'self' }, provider: 'stripe', status: 'requires_location_inputs' }
      : { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: input.billing_address_collection ?? null,
    cancel_url: input.cancel_url ?? null,
    client_reference_id: input.client_reference_id ?? null,
    client_secret: at.clientSecret,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: at.now,
    currency: at.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: input.customer ?? null,
    customer_account: null,
    customer_creation: input.mode === 'payment' ? (input.customer_creation ?? 'if_required') : input.customer ? null : 'always',
    customer_details: input.customer_email
      ? { address: null, business_name: null, email: input.customer_email, individual_name: null, name: null, phone: null, tax_exempt: 'none', tax_ids: null }
      : null,
    customer_email: input.customer_email ?? null,
    discounts: [],
    expires_at: input.expires_at ?? at.now + 24 * 3600,
    integration_identifier: null,
    invoice: null,
    invoice_creation:
      input.mode === 'payment'
        ? {
            enabled: false,
            invoice_data: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: null, metadata: {}, rendering_options: null },
          }
        : null,
    livemode: false,
    locale: input.locale ?? null,
    managed_payments: null,
    metadata: initialMetadata(input.metadata),
    mode: input.mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: input.mode === 'payment' ? null : (input.payment_method_collection ?? 'always'),
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    payment_status: input.mode === 'setup' ? 'no_payment_required' : 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: input.phone_number_collection?.enabled ?? false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: input.submit_type ?? null,
    subscription: null,
    success_url: input.success_url ?? null,
    tax_id_collection: { enabled: input.tax_id_collection?.enabled ?? false, required: input.tax_id_collection?.required ?? 'never' },
    total_details: input.mode === 'setup' ? null : { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: input.ui_mode ?? 'hosted_page',
    ...(input.return_url !== undefined ? { return_url: input.return_url } : {}),
    ...(input.ui_mode !== undefined && input.ui_mode !== 'hosted_page' ? { redirect_on_completion: input.redirect_on_completion ?? 'always' } : {}),
    url: at.url,
    wallet_options: null,
  };
}
