import type { Emulator } from '../core/emulator.ts';
import type { FaultInjector } from '../faults/faults.ts';
import { date, esc, money, page } from './layout.ts';

const idOf = (v: string | { id: string } | null | undefined): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : v.id);
const time = (unix: number) => new Date(unix * 1000).toISOString().replace('T', ' ').slice(0, 19);

function table(title: string, head: string[], rows: string[][], empty: string): string {
  const body =
    rows.length === 0
      ? `<p class="muted">${esc(empty)}</p>`
      : `<table class="lines"><tr>${head.map((h) => `<td class="muted"><strong>${esc(h)}</strong></td>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;
  return `<section class="card"><h2>${esc(title)}</h2>${body}</section>`;
}

const pill = (status: string | null) => `<span class="pill ${esc(status ?? '')}">${esc(status ?? '')}</span>`;

/** The emulator's home page: what happened, newest first, so a person can follow a flow. */
export function indexPage(em: Emulator, faults: FaultInjector): string {
  const limit = 25;
  const customers = em.db.customers
    .newestFirst()
    .slice(0, limit)
    .map((c) => [esc(c.id), esc(c.email ?? ''), esc(c.name ?? ''), esc(time(c.created))]);
  const subs = em.db.subscriptions
    .newestFirst()
    .slice(0, limit)
    .map((s) => {
      const item = s.items.data[0];
      return [esc(s.id), esc(idOf(s.customer)), pill(s.status), esc(item ? `${item.price.id}` : ''), esc(item ? date(item.current_period_end) : '')];
    });
  const invoices = em.db.invoices
    .newestFirst()
    .slice(0, limit)
    .map((i) => [
      i.hosted_invoice_url ? `<a href="${esc(i.hosted_invoice_url)}">${esc(i.id)}</a>` : esc(i.id),
      esc(idOf(i.customer)),
      esc(i.billing_reason ?? ''),
      esc(money(i.total, i.currency)),
      pill(i.status),
    ]);
  const sessions = em.db.checkoutSessions
    .newestFirst()
    .slice(0, limit)
    .map((c) => [
      c.url ? `<a href="${esc(c.url)}">${esc(c.id)}</a>` : esc(c.id),
      esc(c.mode),
      pill(c.status),
      esc(c.payment_status),
      esc(c.amount_total === null ? '' : money(c.amount_total, c.currency ?? 'usd')),
    ]);
  const events = em.db.events
    .newestFirst()
    .slice(0, 50)
    .map((e) => [esc(e.id), esc(e.type), esc((e.data.object as { id?: string }).id ?? ''), esc(time(e.created))]);
  const deliveries = em.db.deliveries
    .newestFirst()
    .slice(0, 50)
    .map((d) => [
      esc(d.event),
      esc(d.endpoint),
      esc(String(d.attempt)),
      d.succeeded ? `<span class="pill paid">${esc(d.status)}</span>` : `<span class="pill canceled">${esc(d.status ?? d.error ?? 'error')}</span>`,
      esc(new Date(d.at).toISOString().slice(11, 19)),
    ]);
  const s = faults.settings;
  const faultLine =
    s.rate > 0 && s.kinds.length > 0
      ? `Faults on: ${Math.round(s.rate * 100)}% of ${s.paths.length ? s.paths.join(', ') : 'API requests'} get ${s.kinds.join(' / ')}.`
      : 'Fault injection is off.';
  const hooks = s.webhooks.duplicateRate > 0 || s.webhooks.delayMs > 0 || s.webhooks.shuffleWindowMs > 0 ? ' Webhook faults are on.' : '';
  return page(
    'Stripe Emulator',
    `<main class="single" style="max-width:1100px"><h1>Stripe Emulator</h1><p class="muted" style="margin-bottom:24px">${em.db.customers.size} customers · ${em.db.subscriptions.size} subscriptions · ${em.db.invoices.size} invoices · ${em.db.events.size} events. ${esc(faultLine + hooks)} Control: <code>/_emulator/faults</code>, <code>/_emulator/reset</code>.</p>
${table('Customers', ['Id', 'Email', 'Name', 'Created'], customers, 'No customers yet.')}
${table('Subscriptions', ['Id', 'Customer', 'Status', 'Price', 'Period ends'], subs, 'No subscriptions yet.')}
${table('Checkout Sessions', ['Id', 'Mode', 'Status', 'Payment', 'Total'], sessions, 'No Checkout Sessions yet.')}
${table('Invoices', ['Id', 'Customer', 'Reason', 'Total', 'Status'], invoices, 'No invoices yet.')}
${table('Events', ['Id', 'Type', 'Object', 'Created'], events, 'No events yet.')}
${table('Webhook deliveries', ['Event', 'Endpoint', 'Attempt', 'Response', 'At (UTC)'], deliveries, 'No webhook deliveries yet.')}</main>`,
  );
}
