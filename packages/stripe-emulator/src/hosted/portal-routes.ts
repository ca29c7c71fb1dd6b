import type Stripe from 'stripe';
import type { Emulator } from '../core/emulator.ts';
import { priceAmount } from '../resources/prices/amount.ts';
import { type RouteContext, type Router, pathId } from '../core/router.ts';
import { getConfiguration } from '../resources/billing-portal/configurations.ts';
import { updateCustomer } from '../resources/customers/customers.ts';
import { attachPaymentMethod, createPaymentMethod } from '../resources/payment-methods/payment-methods.ts';
import { cancelSubscription } from '../resources/subscriptions/cancel.ts';
import { updateSubscription } from '../resources/subscriptions/update.ts';
import { type FieldErrors, readCardFields, validateCard } from './card-form.ts';
import { html, redirect } from './layout.ts';
import { type PortalView, portalPage } from './portal-page.ts';
import { messagePage } from './checkout-page.ts';

const NOTICES: Record<string, string> = {
  canceled: 'Your plan will be canceled at the end of the billing period.',
  ended: 'Your plan has been canceled.',
  resumed: 'Your plan will renew as usual.',
  updated: 'Your plan has been updated.',
  card: 'Your card has been updated.',
};

interface PortalContext {
  session: Stripe.BillingPortal.Session;
  config: Stripe.BillingPortal.Configuration;
  customer: Stripe.Customer;
}

function contextOf(ctx: RouteContext): PortalContext | Response {
  const session = ctx.em.db.portalSessions.get(pathId(ctx));
  const customer = session ? ctx.em.db.customers.get(session.customer) : undefined;
  if (!session || !customer) return html(messagePage('Page not found', 'This billing link is not valid. Return to the site and open it again.'), 404);
  const configId = typeof session.configuration === 'string' ? session.configuration : session.configuration.id;
  return { session, config: getConfiguration(ctx.em, configId), customer };
}

const productName = (em: Emulator) => (price: Stripe.Price) => {
  const id = typeof price.product === 'string' ? price.product : price.product.id;
  return em.db.products.get(id)?.name ?? id;
};

/** Prices a subscription may switch to: the configuration's products, or any active licensed price in its currency. */
function switchOptions(em: Emulator, config: Stripe.BillingPortal.Configuration, sub: Stripe.Subscription): { price: Stripe.Price; name: string }[] {
  const current = sub.items.data[0]?.price;
  if (!current || sub.items.data.length !== 1) return [];
  const configured = config.features.subscription_update.products ?? [];
  const allowed = configured.length > 0 ? new Set(configured.flatMap((p) => p.prices)) : null;
  const name = productName(em);
  return [...em.db.prices.values()]
    .filter(
      (p) =>
        p.id !== current.id && p.active && p.recurring?.usage_type === 'licensed' && p.currency === current.currency && (allowed ? allowed.has(p.id) : true),
    )
    .map((price) => ({ price, name: price.nickname ?? name(price) }));
}

function render(em: Emulator, c: PortalContext, extra: Partial<PortalView> = {}, status = 200): Response {
  const flowSub = c.session.flow?.subscription_cancel?.subscription ?? c.session.flow?.subscription_update?.subscription ?? null;
  const subscriptions = em.db.subscriptions
    .newestFirst()
    .filter((s) => s.customer === c.customer.id && s.status !== 'canceled' && s.status !== 'incomplete_expired' && (flowSub === null || s.id === flowSub));
  const dpm = c.customer.invoice_settings.default_payment_method;
  const cardId = (typeof dpm === 'string' ? dpm : dpm?.id) ?? subscriptions.map((s) => s.default_payment_method).find((x) => x) ?? null;
  const card = cardId ? (em.db.paymentMethods.get(typeof cardId === 'string' ? cardId : cardId.id) ?? null) : null;
  const view: PortalView = {
    ...c,
    subscriptions,
    invoices: em.db.invoices.newestFirst().filter((i) => i.customer === c.customer.id),
    card,
    options: new Map(subscriptions.map((s) => [s.id, switchOptions(em, c.config, s)])),
    productName: productName(em),
    amountOf: (price, quantity) => priceAmount(em, price, quantity),
    ...extra,
  };
  return html(portalPage(view), status);
}

function done(c: PortalContext, notice: string): Response {
  const after = c.session.flow?.after_completion;
  if (after?.type === 'redirect' && after.redirect) return redirect(after.redirect.return_url);
  return redirect(`/p/session/${c.session.id}?notice=${notice}`);
}

function subscriptionOf(ctx: RouteContext, c: PortalContext): Stripe.Subscription | Response {
  const sub = ctx.em.db.subscriptions.get(pathId(ctx, 1));
  if (!sub || sub.customer !== c.customer.id) return html(messagePage('Subscription not found', 'This subscription does not belong to your account.'), 404);
  return sub;
}

export function hostedPortalRoutes(r: Router): void {
  r.get(
    '/p/session/:id',
    (ctx) => {
      const c = contextOf(ctx);
      if (c instanceof Response) return c;
      const notice = typeof ctx.body.notice === 'string' ? NOTICES[ctx.body.notice] : undefined;
      return render(ctx.em, c, notice ? { notice } : {});
    },
    { public: true },
  );

  r.post('/p/session/:id/subscriptions/:sub/:action', (ctx) => {
    const c = contextOf(ctx);
    if (c instanceof Response) return c;
    const sub = subscriptionOf(ctx, c);
    if (sub instanceof Response) return sub;
    const action = pathId(ctx, 2);
    const features = c.config.features;
    if (action === 'cancel' && features.subscription_cancel.enabled) {
      if (features.subscription_cancel.mode === 'immediately') {
        cancelSubscription(ctx.em, sub.id, { prorate: features.subscription_cancel.proration_behavior !== 'none' });
        return done(c, 'ended');
      }
      updateSubscription(ctx.em, sub.id, { cancel_at_period_end: true });
      return done(c, 'canceled');
    }
    if (action === 'resume') {
      updateSubscription(ctx.em, sub.id, { cancel_at_period_end: false });
      return done(c, 'resumed');
    }
    if (action === 'update' && features.subscription_update.enabled) {
      const price = typeof ctx.body.price === 'string' ? ctx.body.price : '';
      const option = switchOptions(ctx.em, c.config, sub).find((o) => o.price.id === price);
      const item = sub.items.data[0];
      if (!option || !item) return render(ctx.em, c, { notice: 'Choose one of the plans offered.' }, 400);
      updateSubscription(ctx.em, sub.id, {
        items: [{ id: item.id, price: option.price.id }],
        proration_behavior:
          features.subscription_update.proration_behavior === 'none'
            ? 'none'
            : features.subscription_update.proration_behavior === 'always_invoice'
              ? 'always_invoice'
              : 'create_prorations',
      });
      return done(c, 'updated');
    }
    return html(messagePage('Not available', 'This action is not enabled for your account.'), 404);
  });

  r.post('/p/session/:id/payment-method', (ctx) => {
    const c = contextOf(ctx);
    if (c instanceof Response) return c;
    const fields = readCardFields(ctx.body);
    const errors: FieldErrors = {};
    const card = validateCard(fields, ctx.em.clock.now(), errors);
    if (!card) return render(ctx.em, c, { errors, fields }, 400);
    if (card.card.attach === 'decline') return render(ctx.em, c, { errors: { form: 'Your card was declined.' }, fields }, 402);
    const pm = createPaymentMethod(ctx.em, { type: 'card', card: { number: card.number, exp_month: card.expMonth, exp_year: card.expYear, cvc: card.cvc } });
    attachPaymentMethod(ctx.em, pm.id, c.customer.id);
    updateCustomer(ctx.em, c.customer.id, { invoice_settings: { default_payment_method: pm.id } });
    for (const sub of ctx.em.db.subscriptions.values()) {
      if (sub.customer === c.customer.id && sub.default_payment_method && sub.status !== 'canceled' && sub.status !== 'incomplete_expired')
        updateSubscription(ctx.em, sub.id, { default_payment_method: pm.id });
    }
    return done(c, 'card');
  });
}
