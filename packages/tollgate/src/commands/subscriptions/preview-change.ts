import type Stripe from 'stripe';
import { unixSeconds } from '../../core/lib/clock.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import { loadLiveSubscription } from './load.ts';
import { changePlanInput, type PlannedChange, planChange } from './plan-change.ts';

export interface PreviewLine {
  description: string | null;
  /** Minor units. */
  amount: number;
  proration: boolean;
}

export interface ChangePreview {
  direction: PlannedChange['direction'];
  effective: PlannedChange['effective'];
  currency: string;
  /** What the invoice for the change comes to, in minor units (now for upgrades, at renewal for downgrades). */
  amountDue: number;
  subtotal: number;
  total: number;
  /** The net of the proration lines (credit for unused time plus the charge for the rest of the period). */
  prorationAmount: number;
  lines: PreviewLine[];
}

function isProration(line: Stripe.InvoiceLineItem): boolean {
  const parent = line.parent;
  if (!parent) return false;
  return parent.subscription_item_details?.proration === true || parent.invoice_item_details?.proration === true;
}

/**
 * What a plan change would cost, before making it (`invoices.createPreview`):
 * the prorated invoice of an upgrade now, or the next renewal invoice of a
 * downgrade at period end. Amounts in minor units plus the currency.
 */
export const previewPlanChange = operation(changePlanInput, async (deps: Deps, input): Promise<Result<ChangePreview, AppError>> => {
  const live = await loadLiveSubscription(deps, input.customer);
  if (!live.ok) return live;
  const { subscription, customer } = live.value;
  const change = await planChange(deps, subscription, input);
  if (!change.ok) return change;
  const c = change.value;
  const now = c.effective === 'now';
  const invoice = await deps.stripe.invoices.createPreview({
    customer: customer.stripeCustomerId,
    subscription: subscription.id,
    subscription_details: {
      items: c.items,
      proration_behavior: now ? 'always_invoice' : 'none',
      ...(now ? { proration_date: unixSeconds(deps.clock.now()) } : {}),
    },
  });
  const lines = invoice.lines.data.map((l) => ({ description: l.description, amount: l.amount, proration: isProration(l) }));
  return ok({
    direction: c.direction,
    effective: c.effective,
    currency: invoice.currency,
    amountDue: invoice.amount_due,
    subtotal: invoice.subtotal,
    total: invoice.total,
    prorationAmount: lines.filter((l) => l.proration).reduce((sum, l) => sum + l.amount, 0),
    lines,
  });
});
