import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { initialMetadata } from '../../core/metadata.ts';
import { getPrice } from '../prices/prices.ts';
import { addInterval } from '../subscriptions/periods.ts';
import { checkItemPrices } from '../subscriptions/subscriptions.ts';

export interface PhaseItemInput {
  price: string;
  quantity?: number;
  metadata?: Record<string, string> | '';
}

export interface PhaseInput {
  items: PhaseItemInput[];
  start_date?: number | 'now';
  end_date?: number | 'now';
  iterations?: number;
  duration?: { interval: Stripe.Price.Recurring.Interval; interval_count?: number };
  proration_behavior?: Stripe.SubscriptionSchedule.Phase.ProrationBehavior;
  metadata?: Record<string, string> | '';
  description?: string;
  collection_method?: 'charge_automatically' | 'send_invoice';
  default_payment_method?: string;
  billing_cycle_anchor?: 'automatic' | 'phase_start';
  currency?: string;
}

/** A phase's items as the schedule object shows them (price ids, as Stripe returns them unexpanded). */
function phaseItem(price: Stripe.Price, input: PhaseItemInput): Stripe.SubscriptionSchedule.Phase.Item {
  const metered = price.recurring?.usage_type === 'metered';
  return {
    billing_thresholds: null,
    discounts: [],
    metadata: initialMetadata(input.metadata),
    plan: price.id,
    price: price.id,
    ...(metered ? {} : { quantity: input.quantity ?? 1 }),
    tax_rates: [],
  };
}

/** One phase object from validated prices and computed dates. */
export function phaseObject(prices: Stripe.Price[], input: PhaseInput, start: number, end: number): Stripe.SubscriptionSchedule.Phase {
  return {
    add_invoice_items: [],
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: input.billing_cycle_anchor ?? null,
    billing_thresholds: null,
    collection_method: input.collection_method ?? null,
    currency: prices[0]?.currency ?? input.currency ?? 'usd',
    default_payment_method: input.default_payment_method ?? null,
    default_tax_rates: [],
    description: input.description ? input.description : null,
    discounts: [],
    end_date: end,
    invoice_settings: null,
    items: input.items.map((item, i) => phaseItem(prices[i]!, item)),
    metadata: initialMetadata(input.metadata),
    on_behalf_of: null,
    proration_behavior: input.proration_behavior ?? 'create_prorations',
    start_date: start,
    transfer_data: null,
    trial_end: null,
  };
}

function phaseEnd(input: PhaseInput, start: number, first: Stripe.Price, now: number, param: string): number {
  const given = (['end_date', 'iterations', 'duration'] as const).filter((key) => input[key] !== undefined);
  if (given.length > 1) throw invalidRequest(`You may only specify one of \`end_date\`, \`iterations\` or \`duration\` on a phase.`, `${param}[${given[1]!}]`);
  if (input.end_date !== undefined) return input.end_date === 'now' ? now : input.end_date;
  if (input.duration) return addInterval(start, input.duration.interval, input.duration.interval_count ?? 1);
  // Without an end, a phase lasts `iterations` billing periods of its price (one by default).
  const recurring = first.recurring!;
  return addInterval(start, recurring.interval, recurring.interval_count * (input.iterations ?? 1));
}

/**
 * Validates phases and computes their dates: the first starts at `firstStart`, each next one
 * where the previous ends. Errors name the parameter (`phases[1][items][0][price]`).
 */
export function buildPhases(em: Emulator, inputs: PhaseInput[], firstStart: number, now: number): Stripe.SubscriptionSchedule.Phase[] {
  if (inputs.length === 0) throw invalidRequest('Missing required param: phases.', 'phases', 'parameter_missing');
  const phases: Stripe.SubscriptionSchedule.Phase[] = [];
  let start = firstStart;
  inputs.forEach((input, i) => {
    const param = `phases[${i}]`;
    if (input.items.length === 0) throw invalidRequest(`Missing required param: ${param}[items].`, `${param}[items]`, 'parameter_missing');
    const prices = input.items.map((item, j) => ({ price: getPrice(em, item.price, `${param}[items][${j}][price]`), param: `${param}[items][${j}][price]` }));
    checkItemPrices(em, prices);
    if (i > 0 && input.start_date !== undefined && input.start_date !== start) {
      throw invalidRequest(`The start date of a phase must be the end date of the phase before it (${start}).`, `${param}[start_date]`);
    }
    const end = phaseEnd(input, start, prices[0]!.price, now, param);
    if (end <= start) throw invalidRequest(`The phase's end date must be after its start date (${start}).`, `${param}[end_date]`);
    phases.push(
      phaseObject(
        prices.map((x) => x.price),
        input,
        start,
        end,
      ),
    );
    start = end;
  });
  return phases;
}

/** A phase's collection method as a subscription parameter (null when the phase leaves it alone). */
export function collectionOf(phase: Stripe.SubscriptionSchedule.Phase): 'charge_automatically' | 'send_invoice' | null {
  if (phase.collection_method === 'charge_automatically') return 'charge_automatically';
  return phase.collection_method === 'send_invoice' ? 'send_invoice' : null;
}

/** A phase's proration behavior as a subscription update parameter. */
export function prorationOf(behavior: Stripe.SubscriptionSchedule.Phase.ProrationBehavior): 'always_invoice' | 'create_prorations' | 'none' {
  if (behavior === 'none') return 'none';
  return behavior === 'always_invoice' ? 'always_invoice' : 'create_prorations';
}

/** The index of the phase running at `at` (-1 when none is). */
export function phaseIndexAt(phases: Stripe.SubscriptionSchedule.Phase[], at: number): number {
  return phases.findIndex((phase) => phase.start_date <= at && at < phase.end_date);
}

/** A phase's items as subscription item inputs (price id and quantity). */
export function phaseItemInputs(phase: Stripe.SubscriptionSchedule.Phase): { price: string; quantity?: number }[] {
  return phase.items.map((item) => {
    const price = typeof item.price === 'string' ? item.price : item.price.id;
    return item.quantity === undefined ? { price } : { price, quantity: item.quantity };
  });
}
