import type Stripe from 'stripe';
import { invalidRequest, keepingChanges, resourceMissing, type StripeApiError, cardError } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { mergeMetadata } from '../../core/metadata.ts';
import { sent, sentOrNull } from '../../core/sent.ts';
import { confirmingPaymentMethod, type IntentInput, newIntent } from '../payment-methods/intents.ts';
import { attachPaymentMethod, behaviorOf, declineError, resolvePaymentMethod } from '../payment-methods/payment-methods.ts';

export interface SetupIntentUpdate extends IntentInput {
  flow_directions?: ('inbound' | 'outbound')[];
}

export interface SetupIntentInput extends SetupIntentUpdate {
  usage?: 'off_session' | 'on_session';
}

export function getSetupIntent(em: Emulator, id: string, param = 'intent'): Stripe.SetupIntent {
  const si = em.db.setupIntents.get(id);
  if (!si) throw resourceMissing('setup_intent', id, param);
  return si;
}

export function createSetupIntent(em: Emulator, input: SetupIntentInput): Stripe.SetupIntent {
  // Not opening with the spread keeps creation fast (see createPaymentIntent).
  const { id, object, ...shared } = newIntent(em, 'setup_intent', input);
  const si: Stripe.SetupIntent = {
    id,
    object,
    ...shared,
    created: em.now(),
    flow_directions: input.flow_directions ?? null,
    last_setup_error: null,
    latest_attempt: null,
    mandate: null,
    single_use_mandate: null,
    usage: input.usage ?? 'off_session',
  };
  em.db.setupIntents.put(si);
  em.emit('setup_intent.created', si);
  return si;
}

/** Sets the card up with its test outcome: success attaches it to the intent's customer. */
export function confirmSetupIntent(em: Emulator, id: string, paymentMethod?: string): Stripe.SetupIntent {
  const before = getSetupIntent(em, id);
  if (before.status === 'succeeded' || before.status === 'canceled') {
    throw invalidRequest(`You cannot confirm this SetupIntent because it has a status of ${before.status}.`, undefined, 'setup_intent_unexpected_state');
  }
  const pmId = confirmingPaymentMethod(em, paymentMethod, before.payment_method);
  if (pmId === null)
    throw invalidRequest('You cannot confirm this SetupIntent because it is missing a payment method.', 'payment_method', 'setup_intent_unexpected_state');
  const behavior = behaviorOf(em, pmId);
  const customer = typeof before.customer === 'string' ? before.customer : (before.customer?.id ?? null);
  let after: Stripe.SetupIntent;
  if (behavior.attach === 'succeed') {
    if (customer) attachPaymentMethod(em, pmId, customer);
    after = { ...before, payment_method: pmId, status: 'succeeded', last_setup_error: null, next_action: null };
    em.db.setupIntents.put(after);
    em.emit('setup_intent.succeeded', after, { previous: { status: before.status } });
  } else if (behavior.attach === 'require_action') {
    after = {
      ...before,
      payment_method: pmId,
      status: 'requires_action',
      next_action: { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect' } },
    };
    em.db.setupIntents.put(after);
    em.emit('setup_intent.requires_action', after, { previous: { status: before.status } });
  } else {
    const error = declineError(behavior);
    after = {
      ...before,
      payment_method: null,
      status: 'requires_payment_method',
      last_setup_error: { type: 'card_error', code: behavior.errorCode, decline_code: behavior.declineCode ?? 'generic_decline', message: error.message },
    };
    em.db.setupIntents.put(after);
    em.emit('setup_intent.setup_failed', after, { previous: { status: before.status } });
  }
  return after;
}

/** `POST /v1/setup_intents/:id`: changes before confirmation; a new payment method makes it ready to confirm. */
export function updateSetupIntent(em: Emulator, id: string, input: SetupIntentUpdate): Stripe.SetupIntent {
  const before = getSetupIntent(em, id);
  if (before.status === 'succeeded' || before.status === 'canceled' || before.status === 'processing') {
    throw invalidRequest(`You cannot update this SetupIntent because it has a status of ${before.status}.`, undefined, 'setup_intent_unexpected_state');
  }
  const currentCustomer = typeof before.customer === 'string' ? before.customer : (before.customer?.id ?? null);
  if (input.customer !== undefined && !em.db.customers.has(input.customer)) throw resourceMissing('customer', input.customer, 'customer');
  if (input.customer !== undefined && currentCustomer !== null && input.customer !== currentCustomer)
    throw invalidRequest('This SetupIntent already belongs to another customer; its customer cannot be changed.', 'customer');
  const pm =
    input.payment_method === undefined ? undefined : input.payment_method === '' ? null : resolvePaymentMethod(em, input.payment_method, 'payment_method').id;
  const after: Stripe.SetupIntent = {
    ...before,
    ...sent(input, ['customer']),
    ...sentOrNull(input, ['description']),
    ...sent(input, ['payment_method_types', 'flow_directions']),
    ...(pm !== undefined ? { payment_method: pm, status: pm ? 'requires_confirmation' : 'requires_payment_method', next_action: null } : {}),
    metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
  };
  em.db.setupIntents.put(after);
  return after;
}

export function setupIntentError(si: Stripe.SetupIntent): StripeApiError {
  const e = si.last_setup_error;
  return keepingChanges(cardError(e?.message ?? 'Your card was declined.', e?.code ?? 'card_declined', e?.decline_code ?? null, { setup_intent: si }));
}

export function cancelSetupIntent(em: Emulator, id: string): Stripe.SetupIntent {
  const before = getSetupIntent(em, id);
  if (before.status === 'succeeded' || before.status === 'canceled')
    throw invalidRequest(`You cannot cancel this SetupIntent because it has a status of ${before.status}.`, undefined, 'setup_intent_unexpected_state');
  const after: Stripe.SetupIntent = { ...before, status: 'canceled', cancellation_reason: 'requested_by_customer', next_action: null };
  em.db.setupIntents.put(after);
  em.emit('setup_intent.canceled', after, { previous: { status: before.status } });
  return after;
}
