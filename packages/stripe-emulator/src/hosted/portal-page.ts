import type Stripe from 'stripe';
import type { CardFields, FieldErrors } from './card-form.ts';
import { date, esc, money, page } from './layout.ts';

export interface PortalView {
  session: Stripe.BillingPortal.Session;
  config: Stripe.BillingPortal.Configuration;
  customer: Stripe.Customer;
  subscriptions: Stripe.Subscription[];
  invoices: Stripe.Invoice[];
  card: Stripe.PaymentMethod | null;
  /** Prices each subscription may switch to, by subscription id. */
  options: Map<string, { price: Stripe.Price; name: string }[]>;
  productName: (price: Stripe.Price) => string;
  /** What `quantity` of a price costs (tiers included). */
  amountOf: (price: Stripe.Price, quantity: number) => number;
  notice?: string;
  errors?: FieldErrors;
  fields?: Partial<CardFields>;
}

const per = (price: Stripe.Price) =>
  price.recurring
    ? price.recurring.interval_count === 1
      ? `per ${price.recurring.interval}`
      : `every ${price.recurring.interval_count} ${price.recurring.interval}s`
    : '';

function priceLabel(view: PortalView, price: Stripe.Price, quantity: number): string {
  if (price.recurring?.usage_type === 'metered') return 'Billed by usage';
  return `${money(view.amountOf(price, quantity), price.currency)} ${per(price)}`;
}

function subscriptionBlock(view: PortalView, sub: Stripe.Subscription): string {
  const base = `/p/session/${esc(view.session.id)}/subscriptions/${esc(sub.id)}`;
  const item = sub.items.data[0];
  const name = item ? view.productName(item.price) : 'Subscription';
  const qty = item?.quantity ?? 1;
  const renewal = item?.current_period_end ?? 0;
  const when = sub.cancel_at
    ? `Cancels on ${date(sub.cancel_at)}`
    : sub.status === 'trialing' && sub.trial_end
      ? `Trial ends on ${date(sub.trial_end)}`
      : `Renews on ${date(renewal)}`;
  const features = view.config.features;
  const actions: string[] = [];
  if (sub.cancel_at_period_end) actions.push(`<form method="post" action="${base}/resume"><button class="secondary" type="submit">Renew plan</button></form>`);
  else if (features.subscription_cancel.enabled)
    actions.push(`<form method="post" action="${base}/cancel"><button class="danger" type="submit">Cancel plan</button></form>`);
  const options = view.options.get(sub.id) ?? [];
  if (features.subscription_update.enabled && options.length > 0 && !sub.cancel_at_period_end) {
    const choices = options.map((o) => `<option value="${esc(o.price.id)}">${esc(o.name)} — ${esc(priceLabel(view, o.price, qty))}</option>`).join('');
    actions.push(
      `<form method="post" action="${base}/update" class="inline"><label class="sr" for="price-${esc(sub.id)}" style="display:none">New plan</label><select id="price-${esc(sub.id)}" name="price">${choices}</select><button class="secondary" type="submit">Update plan</button></form>`,
    );
  }
  return `<div class="item" data-subscription="${esc(sub.id)}"><div><strong>${esc(name)}</strong>${qty > 1 ? ` <span class="muted">× ${qty}</span>` : ''} <span class="pill ${esc(sub.status)}">${esc(sub.status.replace('_', ' '))}</span>
<div class="muted">${esc(item ? priceLabel(view, item.price, qty) : '')} · ${esc(when)}</div><div class="actions">${actions.join('')}</div></div></div>`;
}

function cardBlock(view: PortalView): string {
  if (!view.config.features.payment_method_update.enabled) return '';
  const card = view.card?.card;
  const current = card
    ? `<p><strong>${esc(card.brand.toUpperCase())}</strong> •••• ${esc(card.last4)} <span class="muted">expires ${esc(String(card.exp_month).padStart(2, '0'))}/${esc(card.exp_year)}</span></p>`
    : '<p class="muted">No card on file.</p>';
  const e = view.errors ?? {};
  const f = view.fields ?? {};
  const input = (name: string, label: string, value: string | undefined, error: string | undefined, attrs: string) =>
    `<label for="${name}">${esc(label)}</label><input type="text" id="${name}" name="${name}" value="${esc(value ?? '')}" ${attrs}${error ? ' class="invalid"' : ''}>${error ? `<div class="error" role="alert" data-error-for="${name}">${esc(error)}</div>` : ''}`;
  return `<section class="card"><h2>Payment method</h2>${current}${e.form ? `<div class="alert" role="alert">${esc(e.form)}</div>` : ''}
<form method="post" action="/p/session/${esc(view.session.id)}/payment-method" novalidate>${input('card_number', 'New card number', f.number, e.number, 'inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234"')}
<div class="row"><div>${input('card_expiry', 'Expiry (MM / YY)', f.expiry, e.expiry, 'inputmode="numeric" placeholder="MM / YY"')}</div><div>${input('card_cvc', 'CVC', f.cvc, e.cvc, 'inputmode="numeric" placeholder="123"')}</div></div>
<button class="secondary" style="margin-top:16px" type="submit">Replace card</button></form></section>`;
}

function invoicesBlock(view: PortalView): string {
  if (!view.config.features.invoice_history.enabled) return '';
  const rows = view.invoices
    .filter((i) => i.status !== 'draft')
    .map(
      (i) =>
        `<tr><td>${esc(date(i.created))}</td><td class="num">${esc(money(i.total, i.currency))}</td><td class="num"><span class="pill ${esc(i.status ?? '')}">${esc(i.status)}</span></td><td class="num">${i.hosted_invoice_url ? `<a href="${esc(i.hosted_invoice_url)}">View</a>` : ''}</td></tr>`,
    )
    .join('');
  return `<section class="card"><h2>Invoice history</h2>${rows ? `<table class="lines">${rows}</table>` : '<p class="muted">No invoices yet.</p>'}</section>`;
}

export function portalPage(view: PortalView): string {
  const subs = view.subscriptions.map((s) => subscriptionBlock(view, s)).join('') || '<p class="muted">No active subscriptions.</p>';
  const headline = view.config.business_profile.headline ?? 'Manage your billing';
  const who = view.customer.email ?? view.customer.name ?? view.customer.id;
  const notice = view.notice ? `<div class="ok" role="status" style="margin-bottom:20px">${esc(view.notice)}</div>` : '';
  return page(
    'Billing',
    `<main class="single" style="max-width:720px"><h1>${esc(headline)}</h1><p class="muted" style="margin-bottom:24px">Signed in as ${esc(who)}</p>${notice}
<section class="card"><h2>Subscriptions</h2>${subs}</section>${cardBlock(view)}${invoicesBlock(view)}</main>`,
    { backUrl: view.session.return_url, backLabel: 'Return' },
  );
}
