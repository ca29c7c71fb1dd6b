import { getCreditBalance } from '../../usage/credits/balance.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { listLicenses } from '../../licenses/list.ts';
import { listInvoices } from '../billing/list-invoices.ts';
import { listPaymentMethods } from '../billing/list-payment-methods.ts';
import { scheduledChangeOf } from '../billing/scheduled-change.ts';
import { getUsage } from '../../usage/ledger/get-usage.ts';
import { customerTimeline } from './customer-timeline.ts';
import { getCustomerRecord, listSubscriptionRows } from './list.ts';

/**
 * One customer as the dashboard shows it, by the app's id: the record, its
 * subscriptions (with any schedule and the change it holds: another plan or the
 * end, and when), usage against the plan's limits, credit
 * balances, licenses, invoices, payment methods, and a timeline of its Stripe
 * events, hooks and their deliveries, and MRR movements (customer-timeline.ts).
 * Unknown ids: `customer_not_found` naming `id`.
 */
export async function getCustomerOverview(deps: Deps, input: { externalId: string }) {
  const customer = await getCustomerRecord(deps, input);
  if (!customer) return err(appError('customer_not_found', `no customer "${input.externalId}"`, 'id'));
  const externalId = input.externalId;
  const [subscriptions, usage, invoices, paymentMethods, licenses, timeline] = await Promise.all([
    listSubscriptionRows(deps, { customer: externalId, limit: 20 }),
    getUsage(deps, { customer: externalId }),
    listInvoices(deps, { externalId, limit: 20 }),
    listPaymentMethods(deps, { externalId }),
    listLicenses(deps, { customer: externalId, limit: 50 }),
    customerTimeline(deps, customer),
  ]);
  const credits = [];
  for (const system of Object.keys(deps.config.credits ?? {})) {
    const balance = await getCreditBalance(deps, { customer: externalId, system });
    if (balance.ok) credits.push(balance.value);
  }
  return ok({
    customer,
    subscriptions: await Promise.all(
      subscriptions.map(async ({ raw, sourceAt: _s, ...s }) => ({ ...s, schedule: scheduleOf(raw), scheduledChange: await scheduledChangeOf(deps, s) })),
    ),
    usage: usage.ok ? usage.value : null,
    credits,
    licenses,
    invoices: invoices.ok ? invoices.value : [],
    paymentMethods: paymentMethods.ok ? paymentMethods.value : [],
    timeline,
  } satisfies Record<string, unknown>) as Result<unknown>;
}

/** The subscription schedule id Stripe's object names, if any (a downgrade at period end rides on one). */
function scheduleOf(raw: unknown): string | null {
  const schedule = (raw as { schedule?: unknown } | null)?.schedule;
  if (typeof schedule === 'string') return schedule;
  if (schedule && typeof schedule === 'object' && typeof (schedule as { id?: unknown }).id === 'string') return (schedule as { id: string }).id;
  return null;
}
