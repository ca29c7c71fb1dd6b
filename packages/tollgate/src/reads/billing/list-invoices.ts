import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { invoices } from '../../core/db/schema/invoices.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { appId } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { ok, type Result } from '../../core/lib/result.ts';
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

export const listInvoicesInput = z.object({
  /** The app's id of the customer. */
  externalId: appId(),
  /** 1 to 100 (default 20). */
  limit: z.number().int().min(1).max(100).optional(),
});
export type ListInvoicesInput = z.input<typeof listInvoicesInput>;

/** The customer's invoices from the mirror, newest first (drafts left out). */
export const listInvoices = operation(listInvoicesInput, async (deps: Deps, input): Promise<Result<InvoiceSummary[]>> => {
  const limit = input.limit ?? 20;
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
});
