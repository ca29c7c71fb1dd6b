import { type CurrentSubscription, type InvoiceSummary, type PaymentMethodSummary, toDecimalString, type TollgateConfig, type UsageEvent } from 'tollgate';

/**
 * Seed 001's response shapes, exactly as its front end reads them. Two things
 * differ from Tollgate's own API on purpose, and are converted only here at
 * the app's edge: times are unix seconds, and money is a decimal number of
 * dollars (`99.00`, which JSON writes as `99`). Tollgate keeps integer minor
 * units + currency everywhere else; a decimal is made from them exactly
 * (`toDecimalString`), never by dividing floats.
 */
const unix = (at: Date | null): number | null => (at === null ? null : Math.floor(at.getTime() / 1000));
const decimal = (amount: number, currency: string): number => Number(toDecimalString({ amount, currency }));

export function presentSubscription(config: TollgateConfig, s: CurrentSubscription) {
  return {
    id: s.id,
    status: s.status,
    current_period_start: unix(s.currentPeriodStart),
    current_period_end: unix(s.currentPeriodEnd),
    cancel_at_period_end: s.cancelAtPeriodEnd,
    plan_name: (s.planKey !== null ? config.plans[s.planKey]?.name : undefined) ?? s.planKey,
    plan_amount: decimal(s.amount, s.currency),
  };
}

export function presentCancel(s: CurrentSubscription) {
  return { message: 'Subscription will be cancelled at period end', cancel_at: unix(s.cancelAt ?? s.currentPeriodEnd) };
}

export const presentPaymentMethods = (methods: PaymentMethodSummary[]) =>
  methods.map((m) => ({ id: m.id, type: m.type, card_brand: m.brand, card_last4: m.last4, card_exp_month: m.expMonth, card_exp_year: m.expYear }));

export const presentInvoices = (invoices: InvoiceSummary[]) =>
  invoices.map((i) => ({
    id: i.id,
    amount_due: decimal(i.amountDue, i.currency),
    amount_paid: decimal(i.amountPaid, i.currency),
    status: i.status,
    created: unix(i.createdAt),
    invoice_pdf: i.invoicePdf,
  }));

/** Shaped like the usage record Stripe's legacy endpoint answered. */
export const presentUsageRecord = (event: UsageEvent, subscriptionItem: string) => ({
  id: event.id,
  object: 'usage_record',
  quantity: event.amount,
  subscription_item: subscriptionItem,
  timestamp: unix(new Date(event.timestamp)),
});
