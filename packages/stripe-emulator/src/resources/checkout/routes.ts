import { paginate } from '../../core/list.ts';
import { listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { hostedCheckoutRoutes } from '../../hosted/checkout-routes.ts';
import { automaticTaxParam } from '../tax/params.ts';
import { createCheckoutSession, expireCheckoutSession, getCheckoutSession, lineItemsOf, presentSession } from './sessions.ts';

const metadata = p.emptyable(p.metadata());
const lineItem = p.obj({
  price: p.string({ nonEmpty: true }),
  price_data: p.obj({
    currency: p.required(p.currency()),
    product: p.string({ nonEmpty: true }),
    product_data: p.obj({ name: p.required(p.string({ nonEmpty: true })), description: p.string(), metadata, images: p.arr(p.string()) }),
    unit_amount: p.int({ min: 0 }),
    unit_amount_decimal: p.decimal(),
    recurring: p.obj({ interval: p.required(p.enum(['day', 'week', 'month', 'year'])), interval_count: p.int({ min: 1 }) }),
    tax_behavior: p.enum(['exclusive', 'inclusive', 'unspecified']),
  }),
  quantity: p.int({ min: 0, max: 999_999 }),
  tax_rates: p.arr(p.string({ nonEmpty: true })),
});
const discount = p.obj({ coupon: p.string({ nonEmpty: true }), promotion_code: p.string({ nonEmpty: true }) });

const createShape = {
  mode: p.required(p.enum(['payment', 'subscription', 'setup'])),
  line_items: p.arr(lineItem, { max: 100 }),
  customer: p.string({ nonEmpty: true }),
  customer_email: p.string({ nonEmpty: true, maxLength: 800 }),
  customer_creation: p.enum(['always', 'if_required']),
  client_reference_id: p.string({ maxLength: 200 }),
  metadata,
  subscription_data: p.obj({
    trial_period_days: p.int({ min: 1, max: 730 }),
    trial_settings: p.obj({ end_behavior: p.required(p.obj({ missing_payment_method: p.required(p.enum(['cancel', 'create_invoice', 'pause'])) })) }),
    metadata,
    description: p.string(),
    default_tax_rates: p.arr(p.string({ nonEmpty: true })),
  }),
  payment_method_collection: p.enum(['always', 'if_required']),
  payment_intent_data: p.obj({ metadata, description: p.string(), setup_future_usage: p.enum(['off_session', 'on_session']) }),
  setup_intent_data: p.obj({ metadata, description: p.string() }),
  discounts: p.arr(discount),
  allow_promotion_codes: p.bool(),
  success_url: p.string({ nonEmpty: true, maxLength: 5000 }),
  cancel_url: p.string({ nonEmpty: true, maxLength: 5000 }),
  expires_at: p.int(),
  currency: p.currency(),
  locale: p.enum(['auto', 'en', 'de', 'fr', 'es', 'it', 'ja', 'nl', 'pt', 'sv']),
  submit_type: p.enum(['auto', 'book', 'donate', 'pay', 'subscribe']),
  billing_address_collection: p.enum(['auto', 'required']),
  payment_method_types: p.arr(p.enum(['card'])),
  ui_mode: p.enum(['elements', 'embedded_page', 'form', 'hosted_page']),
  return_url: p.string({ nonEmpty: true, maxLength: 5000 }),
  redirect_on_completion: p.enum(['always', 'if_required', 'never']),
  automatic_tax: automaticTaxParam,
  tax_id_collection: p.obj({ enabled: p.required(p.bool()), required: p.enum(['if_supported', 'never']) }),
  phone_number_collection: p.obj({ enabled: p.required(p.bool()) }),
  customer_update: p.obj({ address: p.enum(['auto', 'never']), name: p.enum(['auto', 'never']), shipping: p.enum(['auto', 'never']) }),
  expand: p.arr(p.string()),
};
const listSessionsShape = {
  ...listShape,
  customer: p.string(),
  status: p.enum(['open', 'complete', 'expired']),
  subscription: p.string(),
  payment_intent: p.string(),
  customer_details: p.obj({ email: p.required(p.string()) }),
};
const expandOnly = { expand: p.arr(p.string()) };

const idOf = (v: string | { id: string } | null | undefined): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : v.id);

export function checkoutRoutes(r: Router): void {
  hostedCheckoutRoutes(r);
  r.post('/v1/checkout/sessions', ({ em, body }) => {
    const input = parseShape(createShape, body);
    return presentSession(em, createCheckoutSession(em, input), input.expand);
  });
  r.get('/v1/checkout/sessions', ({ em, body }) => {
    const input = parseShape(listSessionsShape, body);
    const items = em.db.checkoutSessions
      .newestFirst()
      .filter((s) => input.customer === undefined || idOf(s.customer as string | null) === input.customer)
      .filter((s) => input.status === undefined || s.status === input.status)
      .filter((s) => input.subscription === undefined || idOf(s.subscription) === input.subscription)
      .filter((s) => input.payment_intent === undefined || idOf(s.payment_intent) === input.payment_intent)
      .filter((s) => input.customer_details === undefined || s.customer_details?.email === input.customer_details.email);
    const page = paginate(items, input, '/v1/checkout/sessions', 'checkout.session');
    const expandItems = input.expand?.includes('data.line_items') ? ['line_items'] : undefined;
    return { ...page, data: page.data.map((s) => presentSession(em, s, expandItems)) };
  });
  r.get('/v1/checkout/sessions/:id', (ctx) => {
    const input = parseShape(expandOnly, ctx.body);
    return presentSession(ctx.em, getCheckoutSession(ctx.em, pathId(ctx), 'id'), input.expand);
  });
  r.post('/v1/checkout/sessions/:id/expire', (ctx) => {
    const input = parseShape(expandOnly, ctx.body);
    getCheckoutSession(ctx.em, pathId(ctx), 'id');
    return presentSession(ctx.em, expireCheckoutSession(ctx.em, pathId(ctx)), input.expand);
  });
  r.get('/v1/checkout/sessions/:id/line_items', (ctx) => {
    const input = parseShape({ ...listShape }, ctx.body);
    const session = getCheckoutSession(ctx.em, pathId(ctx), 'id');
    return paginate([...lineItemsOf(ctx.em, session.id)], input, `/v1/checkout/sessions/${session.id}/line_items`, 'line_item');
  });
}
