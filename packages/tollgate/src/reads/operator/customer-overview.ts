import { desc, eq } from 'drizzle-orm';
import { getCreditBalance } from '../../usage/credits/balance.ts';
import { outbox } from '../../core/db/schema/outbox.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { formatMoney } from '../../core/lib/money.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { listLicenses } from '../../licenses/list.ts';
import { listMrrMovements } from '../metrics/list-movements.ts';
import { listInvoices } from '../billing/list-invoices.ts';
import { listPaymentMethods } from '../billing/list-payment-methods.ts';
import { getUsage } from '../../usage/ledger/get-usage.ts';
import { getCustomerRecord, listSubscriptionRows } from './list.ts';

/**
 * One customer as the dashboard shows it, by the app's id: the record, its
 * subscriptions (with any schedule), usage against the plan's limits, credit
 * balances, licenses, invoices, payment methods, and a timeline of its hooks
 * and MRR movements. Unknown ids: `customer_not_found` naming `id`.
 */
export async function getCustomerOverview(deps: Deps, input: { externalId: string }) {
  const customer = await getCustomerRecord(deps, input);
  if (!customer) return err(appError('customer_not_found', `no customer "${input.externalId}"`, 'id'));
  const externalId = input.externalId;
  const [subscriptions, usage, invoices, paymentMethods, licenses, hooks, movements] = await Promise.all([
    listSubscriptionRows(deps, { customer: externalId, limit: 20 }),
    getUsage(deps, { customer: externalId }),
    listInvoices(deps, { externalId, limit: 20 }),
    listPaymentMethods(deps, { externalId }),
    listLicenses(deps, { customer: externalId, limit: 50 }),
    deps.db
      .select({ id: outbox.id, type: outbox.type, objectId: outbox.objectId, eventId: outbox.eventId, createdAt: outbox.createdAt })
      .from(outbox)
      .where(eq(outbox.externalId, externalId))
      .orderBy(desc(outbox.id))
      .limit(50),
    customer.stripeCustomerId ? listMrrMovements(deps, { stripeCustomerId: customer.stripeCustomerId, limit: 50 }) : Promise.resolve([]),
  ]);
  const credits = [];
  for (const system of Object.keys(deps.config.credits ?? {})) {
    const balance = await getCreditBalance(deps, { customer: externalId, system });
    if (balance.ok) credits.push(balance.value);
  }
  return ok({
    customer,
    subscriptions: subscriptions.map(({ raw, sourceAt: _s, ...s }) => ({ ...s, schedule: scheduleOf(raw) })),
    usage: usage.ok ? usage.value : null,
    credits,
    licenses,
    invoices: invoices.ok ? invoices.value : [],
    paymentMethods: paymentMethods.ok ? paymentMethods.value : [],
    timeline: [
      ...hooks.map((h) => ({ at: h.createdAt.toISOString(), kind: 'hook', type: h.type, detail: h.objectId ?? '', eventId: h.eventId })),
      ...movements.map((m) => ({
        at: m.at.toISOString(),
        kind: 'mrr',
        type: `mrr.${m.kind}`,
        detail: `MRR ${formatMoney({ amount: m.mrrBefore, currency: m.currency })} → ${formatMoney({ amount: m.mrrAfter, currency: m.currency })}`,
        eventId: m.eventId,
      })),
    ].sort((a, b) => b.at.localeCompare(a.at)),
  } satisfies Record<string, unknown>) as Result<unknown>;
}

/** The subscription schedule id Stripe's object names, if any (a downgrade at period end rides on one). */
function scheduleOf(raw: unknown): string | null {
  const schedule = (raw as { schedule?: unknown } | null)?.schedule;
  if (typeof schedule === 'string') return schedule;
  if (schedule && typeof schedule === 'object' && typeof (schedule as { id?: unknown }).id === 'string') return (schedule as { id: string }).id;
  return null;
}
