import type Stripe from 'stripe';
import { resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { initialMetadata } from '../../core/metadata.ts';
import { resolvePaymentMethod } from './payment-methods.ts';

/** What creating a payment intent and a setup intent both take. */
export interface IntentInput {
  customer?: string;
  payment_method?: string;
  description?: string;
  metadata?: Record<string, string> | '';
  payment_method_types?: string[];
}

/** The fields a new payment intent and a new setup intent share (the emulator sets no Connect or configuration fields). */
export interface IntentBase<O extends IntentObject> {
  id: string;
  object: O;
  allowed_payment_method_types: null;
  application: null;
  automatic_payment_methods: null;
  cancellation_reason: null;
  client_secret: string;
  customer: string | null;
  description: string | null;
  excluded_payment_method_types: null;
  livemode: false;
  metadata: Stripe.Metadata;
  next_action: null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_configuration_details: null;
  payment_method_options: null;
  payment_method_types: string[];
  status: 'requires_confirmation' | 'requires_payment_method';
}

type IntentObject = 'payment_intent' | 'setup_intent';
const ID_PREFIX = { payment_intent: 'pi', setup_intent: 'seti' } as const;

/**
 * A new intent's shared fields: its customer checked, its payment method resolved (ready
 * to confirm with one), its id and the client secret that goes with it.
 */
export function newIntent<O extends IntentObject>(em: Emulator, object: O, input: IntentInput): IntentBase<O> {
  if (input.customer !== undefined && !em.db.customers.has(input.customer)) throw resourceMissing('customer', input.customer, 'customer');
  const pm = input.payment_method === undefined ? null : resolvePaymentMethod(em, input.payment_method, 'payment_method').id;
  const id = em.ids.next(ID_PREFIX[object]);
  return {
    id,
    object,
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: `${id}_secret_${em.ids.secret('s', 16).slice(2)}`,
    customer: input.customer ?? null,
    description: input.description ?? null,
    excluded_payment_method_types: null,
    livemode: false,
    metadata: initialMetadata(input.metadata),
    next_action: null,
    on_behalf_of: null,
    payment_method: pm,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: input.payment_method_types ?? ['card'],
    status: pm ? 'requires_confirmation' : 'requires_payment_method',
  };
}

/** The payment method a confirmation uses: the one it names (resolved), else the intent's own, else none. */
export function confirmingPaymentMethod(em: Emulator, requested: string | undefined, current: string | Stripe.PaymentMethod | null): string | null {
  if (requested !== undefined) return resolvePaymentMethod(em, requested, 'payment_method').id;
  return typeof current === 'string' ? current : (current?.id ?? null);
}
