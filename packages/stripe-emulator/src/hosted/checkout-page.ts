import type Stripe from 'stripe';
import type { AddressFields, CardFields, FieldErrors } from './card-form.ts';
import { esc, money, page } from './layout.ts';

export interface CheckoutView {
  session: Stripe.Checkout.Session;
  items: Stripe.LineItem[];
  trialDays: number | null;
  promotionCode: string | null;
  needsEmail: boolean;
  /** Ask for a billing address (automatic tax without a known location, or `billing_address_collection=required`). */
  needsAddress: boolean;
  /** What `quantity` of a price costs (tiers included). */
  amountOf: (price: Stripe.Price, quantity: number) => number;
  /** The email shown when none is asked for (the session's or its customer's). */
  customerEmail?: string | null;
  fields?: Partial<CardFields & AddressFields> & { promotion_code?: string; tax_id?: string };
  errors?: FieldErrors;
}

function interval(price: Stripe.Price): string {
  const r = price.recurring;
  if (!r) return '';
  return r.interval_count === 1 ? `per ${r.interval}` : `every ${r.interval_count} ${r.interval}s`;
}

function field(name: string, label: string, value: string | undefined, error: string | undefined, attrs: string): string {
  return `<label for="${name}">${esc(label)}</label><input type="text" id="${name}" name="${name}" value="${esc(value ?? '')}" ${attrs}${error ? ' class="invalid" aria-invalid="true"' : ''}>${error ? `<div class="error" role="alert" data-error-for="${name}">${esc(error)}</div>` : ''}`;
}

function summary(view: CheckoutView): string {
  const { session, items } = view;
  const currency = session.currency ?? 'usd';
  const recurring = items.filter((i) => i.price?.recurring);
  const rows = items
    .map((item) => {
      const price = item.price!;
      const qty = item.quantity;
      const each =
        price.recurring?.usage_type === 'metered'
          ? 'Billed by usage'
          : `${qty !== null && qty > 1 ? `Qty ${qty} × ` : ''}${money(view.amountOf(price, 1), currency)}${price.recurring ? ` ${interval(price)}` : ''}`;
      const amount = price.recurring?.usage_type === 'metered' ? '—' : money(view.amountOf(price, qty ?? 0), currency);
      return `<tr><td><strong>${esc(item.description)}</strong><div class="muted">${esc(each)}</div></td><td class="num">${esc(amount)}</td></tr>`;
    })
    .join('');
  const trial =
    view.trialDays && recurring.length > 0
      ? `<tr class="sub"><td>Free trial (${view.trialDays} days)</td><td class="num">−${esc(
          money(
            recurring.reduce((s, i) => s + view.amountOf(i.price!, i.quantity ?? 0), 0),
            currency,
          ),
        )}</td></tr>`
      : '';
  const discount = session.total_details?.amount_discount
    ? `<tr class="discount"><td>Discount${view.promotionCode ? ` (${esc(view.promotionCode)})` : ''}</td><td class="num">−${esc(money(session.total_details.amount_discount, currency))}</td></tr>`
    : '';
  const tax = session.total_details?.amount_tax
    ? `<tr class="tax"><td>Tax</td><td class="num" data-testid="tax">${esc(money(session.total_details.amount_tax, currency))}</td></tr>`
    : session.automatic_tax.status === 'requires_location_inputs'
      ? '<tr class="tax"><td>Tax</td><td class="num muted">Calculated from your address</td></tr>'
      : '';
  const total = session.amount_total ?? 0;
  const first = recurring[0]?.price;
  const then =
    first && view.trialDays
      ? `<p class="muted">Then ${esc(
          money(
            recurring.reduce((s, i) => s + view.amountOf(i.price!, i.quantity ?? 0), 0),
            currency,
          ),
        )} ${esc(interval(first))} after the trial.</p>`
      : '';
  const headline = session.mode === 'subscription' ? `Subscribe to ${items[0]?.description ?? 'a plan'}` : 'Pay Stripe Emulator';
  return `<div><p class="muted">${esc(headline)}</p><div class="amount" data-testid="total">${esc(money(total, currency))}${first && !view.trialDays ? `<span class="muted" style="font-size:15px;font-weight:400"> ${esc(interval(first))}</span>` : ''}</div>
<table class="lines">${rows}${trial}${discount}${tax}<tr class="total"><td>Total due today</td><td class="num">${esc(money(total, currency))}</td></tr></table>${then}</div>`;
}

function addressFields(fields: Partial<AddressFields>, errors: FieldErrors): string {
  return `<div class="row"><div>${field('address_country', 'Country (2 letters)', fields.country, errors.country, 'autocomplete="country" placeholder="US"')}</div><div>${field('address_postal_code', 'Postal code', fields.postal_code, errors.postal_code, 'autocomplete="postal-code"')}</div></div>
${field('address_state', 'State or region (optional)', fields.state, errors.state, 'autocomplete="address-level1"')}`;
}

function promotion(view: CheckoutView): string {
  if (!view.session.allow_promotion_codes) return '';
  const error = view.errors?.promotion_code;
  if (view.promotionCode) {
    return `<label>Promotion code</label><div class="inline"><span class="pill active" style="padding:6px 10px">${esc(view.promotionCode)}</span><button class="secondary" name="action" value="remove_promotion">Remove</button></div>`;
  }
  return `<label for="promotion_code">Promotion code</label><div class="inline"><input type="text" id="promotion_code" name="promotion_code" value="${esc(view.fields?.promotion_code ?? '')}"${error ? ' class="invalid"' : ''}><button class="secondary" name="action" value="apply_promotion">Apply</button></div>${error ? `<div class="error" role="alert" data-error-for="promotion_code">${esc(error)}</div>` : ''}`;
}

function payLabel(view: CheckoutView): string {
  const { session } = view;
  if (session.mode === 'setup') return 'Save card';
  if (session.mode === 'subscription') return view.trialDays ? 'Start trial' : 'Subscribe';
  return `Pay ${money(session.amount_total ?? 0, session.currency ?? 'usd')}`;
}

export function checkoutPage(view: CheckoutView): string {
  const { session, errors = {}, fields = {} } = view;
  const email = view.needsEmail
    ? field('email', 'Email', fields.email, errors.email, 'type="email" autocomplete="email" placeholder="you@example.com"')
    : `<label>Email</label><div class="muted">${esc(view.customerEmail ?? session.customer_details?.email ?? 'On file with your account')}</div>`;
  const alert = errors.form ? `<div class="alert" role="alert" data-testid="form-error">${esc(errors.form)}</div>` : '';
  const left =
    session.mode === 'setup'
      ? `<div><p class="muted">Stripe Emulator</p><h1>Save a card for future payments</h1><p class="muted">You will not be charged now.</p></div>`
      : summary(view);
  const form = `<div class="card"><h2>${session.mode === 'setup' ? 'Card details' : 'Pay with card'}</h2>${alert}
<form method="post" action="/c/pay/${esc(session.id)}" novalidate>
${email}
${field('card_number', 'Card number', fields.number, errors.number, 'inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234"')}
<div class="row"><div>${field('card_expiry', 'Expiry (MM / YY)', fields.expiry, errors.expiry, 'inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY"')}</div><div>${field('card_cvc', 'CVC', fields.cvc, errors.cvc, 'inputmode="numeric" autocomplete="cc-csc" placeholder="123"')}</div></div>
${field('name', 'Name on card', fields.name, errors.name, 'autocomplete="cc-name"')}
${view.needsAddress ? addressFields(fields, errors) : ''}
${session.tax_id_collection?.enabled ? field('tax_id', 'VAT number (optional, for businesses)', fields.tax_id, errors.tax_id, 'autocomplete="off" placeholder="DE123456789"') : ''}
${promotion(view)}
${session.mode === 'subscription' && session.payment_method_collection === 'if_required' && (session.amount_total ?? 0) === 0 ? '<p class="fine">No card is needed to start the trial: leave the card fields empty.</p>' : ''}
<button class="pay" type="submit" name="action" value="pay">${esc(payLabel(view))}</button>
</form>
<p class="fine">Test mode: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined, 4000 0027 6000 3184 asks for 3-D Secure. Any future expiry and any CVC.</p></div>`;
  return page('Checkout', `<main class="wrap">${left}${form}</main>`, { backUrl: session.cancel_url, backLabel: 'Cancel and return' });
}

export function authenticationPage(session: Stripe.Checkout.Session, last4: string): string {
  const amount = session.mode === 'setup' ? '' : `<p>Amount: <strong>${esc(money(session.amount_total ?? 0, session.currency ?? 'usd'))}</strong></p>`;
  return page(
    '3-D Secure authentication',
    `<main class="single"><div class="card"><h1>Confirm it’s you</h1><p class="muted">Your bank asks you to authenticate this ${session.mode === 'setup' ? 'card' : 'payment'} (3-D Secure test page).</p>${amount}<p>Card ending in <strong>${esc(last4)}</strong></p>
<form method="post" action="/c/pay/${esc(session.id)}/authenticate" class="actions"><button class="pay" style="margin-top:8px" name="decision" value="approve">Complete authentication</button><button class="danger" style="width:100%" name="decision" value="fail">Fail authentication</button></form></div></main>`,
  );
}

export function messagePage(title: string, message: string, link?: { href: string; label: string }): string {
  return page(
    title,
    `<main class="single"><div class="card"><h1>${esc(title)}</h1><p class="muted">${esc(message)}</p>${link ? `<p><a href="${esc(link.href)}">${esc(link.label)}</a></p>` : ''}</div></main>`,
  );
}
