import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
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
  r.post('/v1/billing_portal/configurations', ({ em, body }) => {
    const { features, ...rest } = parseShape(configShape, body);
    defaultConfiguration(em);
    return createConfiguration(em, { ...rest, ...(features ? { features } : {}) });
  });
  r.get('/v1/billing_portal/configurations', ({ em, body }) => {
    const input = parseShape({ ...listShape, is_default: p.bool(), active: p.bool() }, body);
    defaultConfiguration(em);
    const items = em.db.portalConfigurations
      .newestFirst()
      .filter((c) => (input.is_default === undefined || c.is_default === input.is_default) && (input.active === undefined || c.active === input.active));
    return paginate(items, input, '/v1/billing_portal/configurations', 'billing_portal.configuration');
  });
  r.get('/v1/billing_portal/configurations/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    return getConfiguration(ctx.em, pathId(ctx), 'id');
  });
  r.post('/v1/billing_portal/configurations/:id', (ctx) => updateConfiguration(ctx.em, pathId(ctx), parseShape(configShape, ctx.body)));
  r.post('/v1/billing_portal/sessions', ({ em, body }) => {
    const { locale, ...input } = parseShape(sessionShape, body);
    return createPortalSession(em, { ...input, ...(locale ? { locale } : {}) });
  });
}
