import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { getCustomer } from '../customers/customers.ts';
import { getSubscription } from '../subscriptions/subscriptions.ts';
import { defaultConfiguration, getConfiguration } from './configurations.ts';

export interface PortalSessionInput {
  customer: string;
  configuration?: string;
  return_url?: string;
  locale?: Stripe.BillingPortal.Session.Locale;
  flow_data?: {
    type: 'subscription_cancel' | 'subscription_update' | 'payment_method_update';
    subscription_cancel?: { subscription: string };
    subscription_update?: { subscription: string };
    after_completion?: {
      type: 'hosted_confirmation' | 'portal_homepage' | 'redirect';
      redirect?: { return_url: string };
      hosted_confirmation?: { custom_message?: string };
    };
  };
}

function flowOf(em: Emulator, customer: string, input: PortalSessionInput['flow_data']): Stripe.BillingPortal.Session.Flow | null {
  if (!input) return null;
  const after = input.after_completion;
  if (after?.type === 'redirect' && !after.redirect)
    throw invalidRequest('Missing required param: flow_data[after_completion][redirect].', 'flow_data[after_completion][redirect]', 'parameter_missing');
  const flow: Stripe.BillingPortal.Session.Flow = {
    after_completion: {
      type: after?.type ?? 'portal_homepage',
      redirect: after?.redirect ? { return_url: after.redirect.return_url } : null,
      hosted_confirmation: after?.type === 'hosted_confirmation' ? { custom_message: after.hosted_confirmation?.custom_message ?? null } : null,
    },
    customer_update: null,
    subscription_cancel: null,
    subscription_pause: null,
    subscription_update: null,
    subscription_update_confirm: null,
    type: input.type,
  };
  if (input.type === 'payment_method_update') return flow;
  const key = input.type;
  const param = `flow_data[${key}][subscription]`;
  const subId = input[key]?.subscription;
  if (!subId) throw invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');
  const sub = getSubscription(em, subId, param);
  if (sub.customer !== customer) throw invalidRequest('The subscription does not belong to this customer.', param);
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired')
    throw invalidRequest(`The subscription ${sub.id} is canceled and cannot be changed.`, param);
  return { ...flow, [key]: key === 'subscription_cancel' ? { subscription: sub.id, retention: null } : { subscription: sub.id } };
}

export function createPortalSession(em: Emulator, input: PortalSessionInput): Stripe.BillingPortal.Session {
  const customer = getCustomer(em, input.customer);
  const config = input.configuration !== undefined ? getConfiguration(em, input.configuration) : defaultConfiguration(em);
  if (!config.active) throw invalidRequest('This configuration is inactive.', 'configuration');
  const returnUrl = input.return_url ?? config.default_return_url;
  if (returnUrl !== null && !/^https?:\/\/\S+$/i.test(returnUrl)) throw invalidRequest('Not a valid URL', 'return_url', 'url_invalid');
  const id = em.ids.next('bps');
  const session: Stripe.BillingPortal.Session = {
    id,
    object: 'billing_portal.session',
    configuration: config.id,
    created: em.now(),
    customer: customer.id,
    customer_account: null,
    flow: flowOf(em, customer.id, input.flow_data),
    livemode: false,
    locale: input.locale ?? null,
    on_behalf_of: null,
    return_url: returnUrl,
    url: `${em.publicUrl}/p/session/${id}`,
  };
  em.db.portalSessions.put(session);
  return session;
}
