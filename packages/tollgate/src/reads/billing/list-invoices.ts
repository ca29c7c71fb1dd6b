import { desc, eq } from 'drizzle-orm';
import { invoices } from '../../core/db/schema/invoices.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { findCustomer } from '../../stripe-in/mirror/find-customer.ts';

export interface InvoiceSummary {
  id: string;
  number: string | null;
  status: string | null;
  currency: string;
  /** Minor units. */
  total: number;
  amountDue: number;
  amountPaid: number;
  amountRemaining: number;
  periodStart: Date | null;
  periodEnd: Date | null;
  paidAt: Date | null;
  createdAt: Date;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
  subscriptionId: string | null;
}

/** The customer's invoices from the mirror, newest first (drafts left out). */
export async function listInvoices(deps: Deps, input: { externalId: unknown; limit?: unknown }): Promise<Result<InvoiceSummary[]>> {
  const limit = input.limit ?? 20;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100)
    return err(appError('validation_failed', 'limit must be an integer from 1 to 100', 'limit'));
  const customer = await findCustomer(deps, input.externalId);
  if (!customer.ok) return customer;
  if (!customer.value.stripeCustomerId) return ok([]);
  const rows = await deps.db
    .select()
    .from(invoices)
    .where(eq(invoices.stripeCustomerId, customer.value.stripeCustomerId))
    .orderBy(desc(invoices.stripeCreated), desc(invoices.id))
    .limit(limit + 20);
  return ok(
    rows
      .filter((r) => r.status !== 'draft')
      .slice(0, limit)
      .map((r) => ({
        id: r.id,
        number: r.number,
        status: r.status,
        currency: r.currency,
        total: r.total,
        amountDue: r.amountDue,
        amountPaid: r.amountPaid,
        amountRemaining: r.amountRemaining,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        paidAt: r.paidAt,
        createdAt: new Date(r.stripeCreated * 1000),
        hostedInvoiceUrl: r.hostedInvoiceUrl,
        invoicePdf: r.invoicePdf,
        subscriptionId: r.subscriptionId,
      })),
  );
}
