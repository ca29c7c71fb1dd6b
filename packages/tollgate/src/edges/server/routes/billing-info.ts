import { z } from 'zod';
import { ok } from '../../../core/lib/result.ts';
import { listInvoices } from '../../../reads/billing/list-invoices.ts';
import { listPaymentMethods } from '../../../reads/billing/list-payment-methods.ts';
import { formatted, withFormatted } from '../present.ts';
import { defineRoute, type Route } from '../route.ts';

const invoice = z.object({
  id: z.string(),
  number: z.string().nullable(),
  status: z.string().nullable(),
  currency: z.string(),
  total: z.number().int(),
  total_formatted: formatted,
  amount_due: z.number().int(),
  amount_paid: z.number().int(),
  amount_remaining: z.number().int(),
  hosted_invoice_url: z.string().nullable(),
  invoice_pdf: z.string().nullable(),
  created_at: z.string(),
});

/** Invoices and payment methods, read from the mirror (never from Stripe). */
export const billingInfoRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: 'invoices',
    summary: "The customer's invoices, newest first",
    tag: 'Billing',
    auth: 'customer',
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).optional().describe('1 to 100, default 20') }),
    response: z.object({ data: z.array(invoice) }),
    example: { query: { customer: 'user_123', limit: '10' } },
    async handler({ deps, customer, query }) {
      const list = await listInvoices(deps, { externalId: customer, limit: query.limit });
      if (!list.ok) return list.error.code === 'customer_not_found' ? ok({ data: [] }) : list;
      return ok({ data: list.value.map((i) => withFormatted({ ...i }, i.currency, ['total', 'amountDue', 'amountPaid', 'amountRemaining'])) });
    },
  }),
  defineRoute({
    method: 'get',
    path: 'payment-methods',
    summary: "The customer's cards (brand, last 4, expiry), the default first",
    tag: 'Billing',
    auth: 'customer',
    response: z.object({
      data: z.array(
        z.object({
          id: z.string(),
          type: z.string(),
          brand: z.string().nullable(),
          last4: z.string().nullable(),
          exp_month: z.number().nullable(),
          exp_year: z.number().nullable(),
          is_default: z.boolean(),
        }),
      ),
    }),
    example: { query: { customer: 'user_123' } },
    async handler({ deps, customer }) {
      const list = await listPaymentMethods(deps, { externalId: customer });
      if (!list.ok) return list.error.code === 'customer_not_found' ? ok({ data: [] }) : list;
      return ok({ data: list.value });
    },
  }),
];
