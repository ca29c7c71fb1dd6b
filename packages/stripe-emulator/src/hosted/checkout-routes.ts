import { vatTypeOf } from '../resources/customers/tax-ids.ts';
import type Stripe from 'stripe';
import type { Emulator } from '../core/emulator.ts';
import type { FormObject } from '../core/form.ts';
import { type RouteContext, type Router, pathId } from '../core/router.ts';
import { type CardSubmission, completeCheckout } from '../resources/checkout/complete.ts';
import { sessionTaxLocation, withAmounts } from '../resources/checkout/amounts.ts';
import { checkoutExtras, getCheckoutSession, lineItemsOf } from '../resources/checkout/sessions.ts';
import { priceAmount } from '../resources/prices/amount.ts';
import { automaticTaxStatus } from '../resources/tax/compute.ts';
import { type TestCard, testCardForNumber } from '../resources/payment-methods/test-cards.ts';
import { findPromotionCode, promotionCodeProblem } from '../resources/promotion-codes/promotion-codes.ts';
import { type FieldErrors, readAddressFields, readCardFields, validateAddress, validateCard, validateEmail } from './card-form.ts';
import { type CheckoutView, authenticationPage, checkoutPage, messagePage } from './checkout-page.ts';
import { html, redirect } from './layout.ts';

const AUTH_FAILED = 'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

function viewOf(em: Emulator, session: Stripe.Checkout.Session, extra: Partial<CheckoutView> = {}): CheckoutView {
  const promo = session.discounts?.[0]?.promotion_code;
  const promoId = typeof promo === 'string' ? promo : (promo?.id ?? null);
  return {
    session,
    items: lineItemsOf(em, session.id),
    trialDays: checkoutExtras(em, session.id).trialDays,
    promotionCode: promoId ? (em.db.promotionCodes.get(promoId)?.code ?? null) : null,
    needsEmail: !session.customer && !session.customer_email,
    needsAddress:
      session.billing_address_collection === 'required' ||
      (session.automatic_tax.enabled && automaticTaxStatus(sessionTaxLocation(em, session) ?? undefined) !== 'complete'),
    amountOf: (price, quantity) => priceAmount(em, price, quantity),
    customerEmail: session.customer_email ?? (typeof session.customer === 'string' ? (em.db.customers.get(session.customer)?.email ?? null) : null),
    ...extra,
  };
}

function successUrl(session: Stripe.Checkout.Session): string {
  return session.success_url ? session.success_url.replaceAll('{CHECKOUT_SESSION_ID}', session.id) : `/c/pay/${session.id}`;
}

/** The session behind a hosted page, or the page to show instead (missing, finished or expired). */
function openSession(ctx: RouteContext): Stripe.Checkout.Session | Response {
  const id = pathId(ctx);
  if (!ctx.em.db.checkoutSessions.has(id)) return html(messagePage('Page not found', 'This checkout link is not valid.'), 404);
  const session = getCheckoutSession(ctx.em, id);
  if (session.status === 'complete') {
    const done = session.mode === 'setup' ? 'Your card has been saved.' : 'Thanks for your payment. A receipt is on its way.';
    return html(
      messagePage(
        session.mode === 'setup' ? 'Card saved' : 'Payment complete',
        done,
        session.success_url ? { href: successUrl(session), label: 'Continue' } : undefined,
      ),
    );
  }
  if (session.status === 'expired')
    return html(
      messagePage(
        'This checkout has expired',
        'Return to the site and start again.',
        session.cancel_url ? { href: session.cancel_url, label: 'Return' } : undefined,
      ),
      410,
    );
  return session;
}

function changePromotion(em: Emulator, session: Stripe.Checkout.Session, form: FormObject, remove: boolean): Response {
  const raw = typeof form.promotion_code === 'string' ? form.promotion_code.trim() : '';
  const fields = { ...readCardFields(form), promotion_code: raw };
  let discounts: Stripe.Checkout.Session.Discount[] = [];
  if (!remove) {
    const promo = raw === '' ? undefined : findPromotionCode(em, raw);
    const customer = typeof session.customer === 'string' ? session.customer : null;
    const problem =
      raw === ''
        ? 'Enter a promotion code.'
        : !promo
          ? 'This code is invalid.'
          : promotionCodeProblem(em, promo, { customer, amount: session.amount_subtotal ?? 0, currency: session.currency ?? 'usd' });
    if (problem || !promo) return html(checkoutPage(viewOf(em, session, { fields, errors: { promotion_code: problem ?? 'This code is invalid.' } })), 400);
    discounts = [{ coupon: promo.promotion.coupon, promotion_code: promo.id }];
  }
  const priced = withAmounts(em, { ...session, discounts }, lineItemsOf(em, session.id), checkoutExtras(em, session.id));
  em.db.checkoutSessions.put(priced.session);
  em.db.checkoutLineItems.put({ id: session.id, items: priced.items });
  return html(checkoutPage(viewOf(em, priced.session, { fields: remove ? fields : { ...fields, promotion_code: '' } })));
}

function finish(em: Emulator, session: Stripe.Checkout.Session, submission: CardSubmission, fields: CheckoutView['fields']): Response {
  const outcome = completeCheckout(em, session, submission);
  if (outcome.kind === 'declined') return html(checkoutPage(viewOf(em, session, { fields, errors: { form: outcome.message } })), 402);
  if (outcome.kind === 'requires_action') {
    em.db.checkoutPending.put({
      id: session.id,
      number: submission.number,
      expMonth: submission.expMonth,
      expYear: submission.expYear,
      email: submission.email,
      name: submission.name,
      address: submission.address,
    });
    return html(authenticationPage(session, submission.number.slice(-4)));
  }
  return redirect(successUrl(outcome.session));
}

/** Stands in for the card of a trial started without one (`cardless`: never charged, never saved). */
const CARDLESS: TestCard = { number: '', brand: 'visa', charge: 'succeed', attach: 'succeed', declineCode: null, errorCode: 'card_declined', tokens: [] };

export function hostedCheckoutRoutes(r: Router): void {
  r.get(
    '/c/pay/:id',
    (ctx) => {
      const session = openSession(ctx);
      return session instanceof Response ? session : html(checkoutPage(viewOf(ctx.em, session)));
    },
    { public: true },
  );

  r.post('/c/pay/:id', (ctx) => {
    const session = openSession(ctx);
    if (session instanceof Response) return session;
    const form = ctx.body;
    const action = typeof form.action === 'string' ? form.action : 'pay';
    if (action === 'apply_promotion' || action === 'remove_promotion') return changePromotion(ctx.em, session, form, action === 'remove_promotion');
    const address = readAddressFields(form);
    const fields = { ...readCardFields(form), ...address };
    const errors: FieldErrors = {};
    const view = viewOf(ctx.em, session);
    if (view.needsEmail) validateEmail(fields.email, errors);
    // A free trial with payment_method_collection=if_required may start without a card.
    const cardless =
      session.mode === 'subscription' && session.payment_method_collection === 'if_required' && (session.amount_total ?? 0) === 0 && fields.number === '';
    const card = cardless ? { card: CARDLESS, number: '', expMonth: 0, expYear: 0, cvc: '' } : validateCard(fields, ctx.em.clock.now(), errors);
    const billing = view.needsAddress ? validateAddress(address, errors) : null;
    const typed = session.tax_id_collection?.enabled === true && typeof form.tax_id === 'string' ? form.tax_id.trim() : '';
    const taxType = typed === '' ? null : vatTypeOf(typed);
    if (typed !== '' && taxType === null) errors.tax_id = 'This VAT number is invalid. Use the country prefix, such as DE123456789.';
    if (!card || Object.keys(errors).length > 0) return html(checkoutPage({ ...view, fields: { ...fields, tax_id: typed }, errors }), 400);
    const email = view.needsEmail ? fields.email : (session.customer_email ?? null);
    const taxId = taxType ? { type: taxType, value: typed.toUpperCase().replace(/\s/g, '') } : null;
    return finish(ctx.em, session, { ...card, email, name: fields.name || null, authenticated: false, address: billing, taxId, cardless }, fields);
  });

  r.post('/c/pay/:id/authenticate', (ctx) => {
    const session = openSession(ctx);
    if (session instanceof Response) return session;
    const pending = ctx.em.db.checkoutPending.get(session.id);
    if (!pending) return redirect(`/c/pay/${session.id}`);
    ctx.em.db.checkoutPending.delete(session.id);
    const card = testCardForNumber(pending.number);
    if (ctx.body.decision !== 'approve' || !card) return html(checkoutPage(viewOf(ctx.em, session, { errors: { form: AUTH_FAILED } })), 402);
    const submission: CardSubmission = {
      card,
      number: pending.number,
      expMonth: pending.expMonth,
      expYear: pending.expYear,
      cvc: '000',
      email: pending.email,
      name: pending.name,
      authenticated: true,
      address: pending.address ?? null,
    };
    return finish(ctx.em, session, submission, {});
  });
}
