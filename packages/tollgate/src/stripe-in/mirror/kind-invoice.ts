import type Stripe from 'stripe';
import { invoices } from '../../core/db/schema/invoices.ts';
import type { HookDraft, InvoiceSnapshot } from '../../notify/hooks/types.ts';
import { dateOf, idOf, mirrorColumns } from './fields.ts';
import { type Gone, isGone } from './kind.ts';
import { customerIdFor } from './kind-subscription.ts';
import { rowById, tableKind } from './upsert.ts';

export type InvoiceRow = typeof invoices.$inferSelect;

const STATUS_RANK: Record<string, number> = { draft: 0, open: 1, paid: 2, uncollectible: 2, void: 3 };

function snapshot(row: InvoiceRow): InvoiceSnapshot {
  return {
    id: row.id,
    stripeCustomerId: row.stripeCustomerId,
    subscriptionId: row.subscriptionId,
    status: row.status,
    currency: row.currency,
    amountDue: row.amountDue,
    amountPaid: row.amountPaid,
    attemptCount: row.attemptCount,
    hostedInvoiceUrl: row.hostedInvoiceUrl,
  };
}

function invoiceHooks(prev: InvoiceRow | undefined, next: InvoiceRow): HookDraft[] {
  const base = { objectId: next.id, stripeCustomerId: next.stripeCustomerId };
  const hooks: HookDraft[] = [];
  if (next.status === 'paid' && prev?.status !== 'paid' && next.amountPaid > 0)
    hooks.push({ ...base, type: 'payment.succeeded', payload: { invoice: snapshot(next) } });
  if (next.status === 'open' && next.attemptCount > (prev?.attemptCount ?? 0))
    hooks.push({ ...base, type: 'payment.failed', payload: { invoice: snapshot(next) } });
  return hooks;
}

export const invoiceKind = tableKind<Stripe.Invoice & { id: string }, InvoiceRow>(rowById(invoices), {
  name: 'invoice',
  async toRow(deps, object: (Stripe.Invoice & { id: string }) | Gone, prev, customers) {
    if (isGone(object)) return prev ? { ...prev, status: 'void', updatedAt: deps.clock.now() } : null;
    const inv = object;
    const stripeCustomerId = idOf(inv.customer) ?? '';
    const now = deps.clock.now();
    return {
      id: inv.id,
      stripeCustomerId,
      customerId: prev?.customerId ?? (await customerIdFor(deps, stripeCustomerId, customers)),
      subscriptionId: idOf(inv.parent?.subscription_details?.subscription),
      number: inv.number,
      status: inv.status,
      billingReason: inv.billing_reason,
      currency: inv.currency,
      subtotal: inv.subtotal,
      total: inv.total,
      amountDue: inv.amount_due,
      amountPaid: inv.amount_paid,
      amountRemaining: inv.amount_remaining,
      attemptCount: inv.attempt_count,
      hostedInvoiceUrl: inv.hosted_invoice_url ?? null,
      invoicePdf: inv.invoice_pdf ?? null,
      periodStart: dateOf(inv.period_start),
      periodEnd: dateOf(inv.period_end),
      dueDate: dateOf(inv.due_date),
      paidAt: dateOf(inv.status_transitions.paid_at),
      ...mirrorColumns(inv, prev, now),
    };
  },
  rank: (row) => (STATUS_RANK[row.status ?? 'draft'] ?? 0) * 1_000_000 + row.attemptCount,
  retrieve: async (stripe, id) => await stripe.invoices.retrieve(id),
  hooks: invoiceHooks,
});
