import { p } from '../../core/params.ts';
import { resourceRoutes, withBody, withId } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
import { hostedPortalRoutes } from '../../hosted/portal-routes.ts';
import { createConfiguration, defaultConfiguration, getConfiguration, updateConfiguration } from './configurations.ts';
import { createPortalSession } from './sessions.ts';

const proration = p.enum(['always_invoice', 'create_prorations', 'none']);
const configShape = {
  name: p.string(),
  default_return_url: p.emptyable(p.string()),
  business_profile: p.obj({ headline: p.emptyable(p.string()), privacy_policy_url: p.string(), terms_of_service_url: p.string() }),
  features: p.obj({
    customer_update: p.obj({ enabled: p.bool(), allowed_updates: p.emptyable(p.arr(p.string())) }),
    invoice_history: p.obj({ enabled: p.required(p.bool()) }),
    payment_method_update: p.obj({ enabled: p.required(p.bool()) }),
    subscription_cancel: p.obj({
      enabled: p.bool(),
      mode: p.enum(['at_period_end', 'immediately']),
      proration_behavior: proration,
      cancellation_reason: p.obj({ enabled: p.bool(), options: p.arr(p.string()) }),
    }),
    subscription_update: p.obj({
      enabled: p.bool(),
      default_allowed_updates: p.emptyable(p.arr(p.enum(['price', 'promotion_code', 'quantity']))),
      products: p.emptyable(p.arr(p.obj({ product: p.required(p.string()), prices: p.required(p.arr(p.string())) }))),
      proration_behavior: proration,
    }),
  }),
  metadata: p.emptyable(p.metadata()),
  active: p.bool(),
  login_page: p.obj({ enabled: p.bool() }),
  expand: p.arr(p.string()),
};
const sessionShape = {
  customer: p.required(p.string({ nonEmpty: true })),
  configuration: p.string({ nonEmpty: true }),
  return_url: p.string({ nonEmpty: true }),
  locale: p.string(),
  flow_data: p.obj({
    type: p.required(p.enum(['subscription_cancel', 'subscription_update', 'payment_method_update'])),
    subscription_cancel: p.obj({ subscription: p.required(p.string()) }),
    subscription_update: p.obj({ subscription: p.required(p.string()) }),
    after_completion: p.obj({
      type: p.required(p.enum(['hosted_confirmation', 'portal_homepage', 'redirect'])),
      redirect: p.obj({ return_url: p.required(p.string()) }),
      hosted_confirmation: p.obj({ custom_message: p.string() }),
    }),
  }),
  expand: p.arr(p.string()),
};

export function billingPortalRoutes(r: Router): void {
  hostedPortalRoutes(r);
  resourceRoutes(r, 'billing_portal.configuration', (db: Db) => db.portalConfigurations, {
    // Stripe's account always has its default configuration.
    items: (em) => {
      defaultConfiguration(em);
      return em.db.portalConfigurations.newestFirst();
    },
    match: { is_default: p.bool(), active: p.bool() },
    create: withBody(configShape, (em, { features, ...rest }) => {
      defaultConfiguration(em);
      return createConfiguration(em, { ...rest, ...(features ? { features } : {}) });
    }),
    retrieve: (em, id) => getConfiguration(em, id, 'id'),
    update: withId(configShape, updateConfiguration),
  });
  r.post(
    '/v1/billing_portal/sessions',
    withBody(sessionShape, (em, { locale, ...input }) => createPortalSession(em, { ...input, ...(locale ? { locale } : {}) })),
  );
}
