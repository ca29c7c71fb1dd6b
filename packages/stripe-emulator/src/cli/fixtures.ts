import type Stripe from 'stripe';

/** What a fixture works with: the SDK pointed at the emulator, its base URL, and a step logger. */
export interface FixtureContext {
  stripe: Stripe;
  base: string;
  /** Logs a step the way the Stripe CLI does (`Running fixture for: customer`). */
  step(name: string): void;
}

type Fixture = (ctx: FixtureContext) => Promise<void>;

const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 40', card_cvc: '123', name: 'Jenny Rosen' };

async function customerWithCard(ctx: FixtureContext, token: string): Promise<{ customer: Stripe.Customer; pm: string }> {
  ctx.step('customer');
  const customer = await ctx.stripe.customers.create({
    email: 'jenny.rosen@example.com',
    name: 'Jenny Rosen',
    description: '(created by stripe-emulator trigger)',
  });
  ctx.step('payment_method');
  const pm = await ctx.stripe.paymentMethods.attach(token, { customer: customer.id });
  await ctx.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  return { customer, pm: pm.id };
}

async function recurringPrice(ctx: FixtureContext): Promise<Stripe.Price> {
  ctx.step('product');
  const product = await ctx.stripe.products.create({ name: 'myproduct', description: '(created by stripe-emulator trigger)' });
  ctx.step('price');
  return ctx.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' } });
}

async function subscription(ctx: FixtureContext): Promise<Stripe.Subscription> {
  const price = await recurringPrice(ctx);
  const { customer } = await customerWithCard(ctx, 'pm_card_visa');
  ctx.step('subscription');
  return ctx.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
}

async function invoice(ctx: FixtureContext, token: string): Promise<Stripe.Invoice> {
  const { customer, pm } = await customerWithCard(ctx, token);
  ctx.step('invoiceitem');
  const draft = await ctx.stripe.invoices.create({ customer: customer.id, description: '(created by stripe-emulator trigger)' });
  await ctx.stripe.invoiceItems.create({
    customer: customer.id,
    invoice: draft.id,
    amount: 2000,
    currency: 'usd',
    description: '(created by stripe-emulator trigger)',
  });
  ctx.step('invoice');
  const open = await ctx.stripe.invoices.finalizeInvoice(draft.id);
  ctx.step('invoice_pay');
  // A declined card answers 402; the failed attempt (invoice.payment_failed) is what the fixture wants.
  return ctx.stripe.invoices.pay(open.id, { payment_method: pm }).catch(() => ctx.stripe.invoices.retrieve(open.id));
}

async function payment(ctx: FixtureContext, token: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}): Promise<Stripe.PaymentIntent> {
  ctx.step('payment_intent');
  return ctx.stripe.paymentIntents
    .create({ amount: 2000, currency: 'usd', payment_method: token, confirm: true, description: '(created by stripe-emulator trigger)', ...extra })
    .catch((e: unknown) => {
      const failed = (e as { payment_intent?: Stripe.PaymentIntent }).payment_intent;
      if (failed) return failed;
      throw e;
    });
}

async function checkout(ctx: FixtureContext, complete: boolean): Promise<void> {
  ctx.step('product');
  const product = await ctx.stripe.products.create({ name: 'myproduct' });
  ctx.step('price');
  const price = await ctx.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500 });
  ctx.step('checkout_session');
  const session = await ctx.stripe.checkout.sessions.create({
    mode: 'payment',
    line_items: [{ price: price.id, quantity: 1 }],
    customer_email: 'jenny.rosen@example.com',
    success_url: 'https://example.com/success',
    cancel_url: 'https://example.com/cancel',
  });
  if (!complete) {
    ctx.step('checkout_session_expire');
    await ctx.stripe.checkout.sessions.expire(session.id);
    return;
  }
  ctx.step('payment_page_confirm');
  const response = await fetch(`${ctx.base}/c/pay/${session.id}`, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' });
  if (response.status !== 303) throw new Error(`the hosted Checkout page answered ${response.status}`);
}

/** The common events `stripe trigger` knows, each with the real objects that produce it. */
export const FIXTURES: Readonly<Record<string, Fixture>> = {
  'customer.created': async (ctx) => void (await customerWithCard(ctx, 'pm_card_visa')),
  'customer.updated': async (ctx) => {
    const { customer } = await customerWithCard(ctx, 'pm_card_visa');
    ctx.step('customer_update');
    await ctx.stripe.customers.update(customer.id, { metadata: { foo: 'bar' } });
  },
  'customer.deleted': async (ctx) => {
    const { customer } = await customerWithCard(ctx, 'pm_card_visa');
    ctx.step('customer_delete');
    await ctx.stripe.customers.del(customer.id);
  },
  'product.created': async (ctx) => void (await recurringPrice(ctx)),
  'price.created': async (ctx) => void (await recurringPrice(ctx)),
  'payment_method.attached': async (ctx) => void (await customerWithCard(ctx, 'pm_card_visa')),
  'payment_intent.created': async (ctx) => void (await payment(ctx, 'pm_card_visa')),
  'payment_intent.succeeded': async (ctx) => void (await payment(ctx, 'pm_card_visa')),
  'payment_intent.payment_failed': async (ctx) => void (await payment(ctx, 'pm_card_chargeDeclined')),
  'payment_intent.requires_action': async (ctx) => void (await payment(ctx, 'pm_card_authenticationRequired')),
  'payment_intent.canceled': async (ctx) => {
    ctx.step('payment_intent');
    const pi = await ctx.stripe.paymentIntents.create({ amount: 2000, currency: 'usd' });
    ctx.step('payment_intent_cancel');
    await ctx.stripe.paymentIntents.cancel(pi.id);
  },
  'charge.succeeded': async (ctx) => void (await payment(ctx, 'pm_card_visa')),
  'charge.failed': async (ctx) => void (await payment(ctx, 'pm_card_chargeDeclined')),
  'charge.captured': async (ctx) => {
    const pi = await payment(ctx, 'pm_card_visa', { capture_method: 'manual' });
    ctx.step('payment_intent_capture');
    await ctx.stripe.paymentIntents.capture(pi.id);
  },
  'charge.refunded': async (ctx) => {
    const pi = await payment(ctx, 'pm_card_visa');
    ctx.step('refund');
    await ctx.stripe.refunds.create({ payment_intent: pi.id });
  },
  'refund.created': async (ctx) => {
    const pi = await payment(ctx, 'pm_card_visa');
    ctx.step('refund');
    await ctx.stripe.refunds.create({ payment_intent: pi.id });
  },
  'setup_intent.created': async (ctx) => {
    ctx.step('setup_intent');
    await ctx.stripe.setupIntents.create({ payment_method: 'pm_card_visa' });
  },
  'setup_intent.succeeded': async (ctx) => {
    ctx.step('setup_intent');
    await ctx.stripe.setupIntents.create({ payment_method: 'pm_card_visa', confirm: true });
  },
  'setup_intent.setup_failed': async (ctx) => {
    ctx.step('setup_intent');
    await ctx.stripe.setupIntents.create({ payment_method: 'pm_card_chargeDeclined', confirm: true }).catch(() => undefined);
  },
  'checkout.session.completed': (ctx) => checkout(ctx, true),
  'checkout.session.expired': (ctx) => checkout(ctx, false),
  'customer.subscription.created': async (ctx) => void (await subscription(ctx)),
  'customer.subscription.updated': async (ctx) => {
    const sub = await subscription(ctx);
    ctx.step('subscription_update');
    await ctx.stripe.subscriptions.update(sub.id, { metadata: { foo: 'bar' } });
  },
  'customer.subscription.deleted': async (ctx) => {
    const sub = await subscription(ctx);
    ctx.step('subscription_cancel');
    await ctx.stripe.subscriptions.cancel(sub.id);
  },
  'customer.subscription.trial_will_end': async (ctx) => {
    const price = await recurringPrice(ctx);
    ctx.step('test_clock');
    const clock = await ctx.stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(Date.now() / 1000) });
    ctx.step('customer');
    const customer = await ctx.stripe.customers.create({ email: 'jenny.rosen@example.com', test_clock: clock.id });
    ctx.step('subscription');
    const sub = await ctx.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 7 });
    ctx.step('test_clock_advance');
    await ctx.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: (sub.trial_end ?? clock.frozen_time) - 3 * 86_400 + 60 });
    for (let i = 0; i < 200 && (await ctx.stripe.testHelpers.testClocks.retrieve(clock.id)).status !== 'ready'; i++)
      await new Promise((done) => setTimeout(done, 10));
  },
  'invoice.created': async (ctx) => void (await invoice(ctx, 'pm_card_visa')),
  'invoice.finalized': async (ctx) => void (await invoice(ctx, 'pm_card_visa')),
  'invoice.paid': async (ctx) => void (await invoice(ctx, 'pm_card_visa')),
  'invoice.payment_succeeded': async (ctx) => void (await invoice(ctx, 'pm_card_visa')),
  'invoice.payment_failed': async (ctx) => void (await invoice(ctx, 'pm_card_chargeCustomerFail')),
  'invoiceitem.created': async (ctx) => void (await invoice(ctx, 'pm_card_visa')),
  'credit_note.created': async (ctx) => {
    const paid = await invoice(ctx, 'pm_card_visa');
    ctx.step('credit_note');
    await ctx.stripe.creditNotes.create({ invoice: paid.id, amount: 500, refund_amount: 500 });
  },
  'customer.tax_id.created': async (ctx) => {
    const { customer } = await customerWithCard(ctx, 'pm_card_visa');
    ctx.step('tax_id');
    await ctx.stripe.customers.createTaxId(customer.id, { type: 'eu_vat', value: 'DE123456789' });
  },
  'tax_rate.created': async (ctx) => {
    ctx.step('tax_rate');
    await ctx.stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false });
  },
};
