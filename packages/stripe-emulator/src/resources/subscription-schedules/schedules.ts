import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { previousAttributes } from '../../core/emulator.ts';
import { initialMetadata, mergeMetadata } from '../../core/metadata.ts';
import { getCustomer } from '../customers/customers.ts';
import { idOf } from '../subscriptions/items.ts';
import { createSubscription, getSubscription, saveSubscription } from '../subscriptions/subscriptions.ts';
import { applyPhase } from './apply.ts';
import { type PhaseInput, buildPhases, collectionOf, phaseIndexAt, phaseItemInputs, phaseObject } from './phases.ts';

type Schedule = Stripe.SubscriptionSchedule;
type ScheduleEvent =
  | 'subscription_schedule.created'
  | 'subscription_schedule.updated'
  | 'subscription_schedule.released'
  | 'subscription_schedule.canceled'
  | 'subscription_schedule.aborted'
  | 'subscription_schedule.completed';
export type EndBehavior = 'release' | 'cancel';

export interface ScheduleCreateInput {
  customer?: string;
  from_subscription?: string;
  phases?: PhaseInput[];
  start_date?: number | 'now';
  end_behavior?: EndBehavior;
  metadata?: Record<string, string> | '';
}

export interface ScheduleUpdateInput {
  phases?: PhaseInput[];
  end_behavior?: EndBehavior;
  metadata?: Record<string, string> | '';
  proration_behavior?: Stripe.SubscriptionSchedule.Phase.ProrationBehavior;
}

export function getSchedule(em: Emulator, id: string, param = 'schedule'): Schedule {
  const schedule = em.db.subscriptionSchedules.get(id);
  if (!schedule) throw resourceMissing('subscription_schedule', id, param);
  return schedule;
}

/** Writes a schedule and records its event (with `previous_attributes` for changes). */
export function saveSchedule(em: Emulator, before: Schedule | null, after: Schedule, type: ScheduleEvent, at: number): Schedule {
  em.db.subscriptionSchedules.put(after);
  em.emit(type, after, before ? { previous: previousAttributes(before, after), at } : { at });
  return after;
}

/** Only schedules that have not ended can change. */
export function assertOpen(schedule: Schedule, action: string): void {
  if (schedule.status !== 'not_started' && schedule.status !== 'active') {
    throw invalidRequest(
      `You cannot ${action} a subscription schedule that is currently in the \`${schedule.status}\` status. It must be in either the \`not_started\` or \`active\` status.`,
    );
  }
}

/** Points the subscription's `schedule` at a schedule (or clears it), with `customer.subscription.updated`. */
export function linkSubscription(em: Emulator, subscription: string, schedule: string | null, at: number): void {
  const sub = em.db.subscriptions.get(subscription);
  if (sub) saveSubscription(em, sub, { ...sub, schedule }, at);
}

function defaultSettings(sub: Stripe.Subscription | null): Stripe.SubscriptionSchedule.DefaultSettings {
  return {
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: 'automatic',
    billing_thresholds: null,
    collection_method: sub?.collection_method ?? null,
    default_payment_method: idOf(sub?.default_payment_method ?? null),
    description: sub?.description ?? null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      days_until_due: sub?.days_until_due ?? null,
      description: null,
      footer: null,
      issuer: { type: 'self' },
    },
    on_behalf_of: null,
    transfer_data: null,
  };
}

function baseSchedule(
  em: Emulator,
  customer: string,
  testClock: string | null,
  at: number,
  input: ScheduleCreateInput,
  sub: Stripe.Subscription | null,
): Schedule {
  return {
    id: em.ids.next('sub_sched'),
    object: 'subscription_schedule',
    application: null,
    billing_mode: { flexible: null, type: 'classic' },
    canceled_at: null,
    completed_at: null,
    created: at,
    current_phase: null,
    customer,
    customer_account: null,
    default_settings: defaultSettings(sub),
    end_behavior: input.end_behavior ?? 'release',
    livemode: false,
    metadata: initialMetadata(input.metadata),
    pause_schedules: [],
    phases: [],
    released_at: null,
    released_subscription: null,
    status: 'not_started',
    subscription: null,
    test_clock: testClock,
  };
}

/** Starts a schedule: creates its subscription from the first phase and links the two. */
export function startSchedule(em: Emulator, schedule: Schedule, at: number): Schedule {
  const phase = schedule.phases[0]!;
  const customer = idOf(schedule.customer)!;
  const collection = collectionOf(phase);
  const sub = createSubscription(em, {
    customer,
    items: phaseItemInputs(phase),
    metadata: phase.metadata ?? {},
    ...(collection ? { collection_method: collection } : {}),
    ...(collection === 'send_invoice' ? { days_until_due: 30 } : {}),
    ...(phase.default_payment_method ? { default_payment_method: idOf(phase.default_payment_method)! } : {}),
    ...(phase.description ? { description: phase.description } : {}),
  });
  linkSubscription(em, sub.id, schedule.id, at);
  return { ...schedule, status: 'active', subscription: sub.id, current_phase: { start_date: phase.start_date, end_date: phase.end_date } };
}

function fromSubscription(em: Emulator, id: string, input: ScheduleCreateInput): Schedule {
  for (const key of ['customer', 'phases', 'start_date', 'end_behavior'] as const) {
    if (input[key] !== undefined) throw invalidRequest(`You cannot set \`${key}\` if \`from_subscription\` is set.`, key);
  }
  const sub = getSubscription(em, id, 'from_subscription');
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired')
    throw invalidRequest(`You cannot create a subscription schedule from a subscription that has ended: ${sub.id}.`, 'from_subscription');
  const attached = idOf(sub.schedule);
  if (attached) throw invalidRequest(`You cannot migrate a subscription that is already attached to a schedule: \`${attached}\`.`, 'from_subscription');
  const at = em.timeFor(sub.test_clock);
  const first = sub.items.data[0]!;
  const items = sub.items.data.map((item) => (item.quantity === undefined ? { price: item.price.id } : { price: item.price.id, quantity: item.quantity }));
  const phase = phaseObject(
    sub.items.data.map((item) => item.price),
    { items },
    first.current_period_start,
    first.current_period_end,
  );
  const base = baseSchedule(em, idOf(sub.customer)!, idOf(sub.test_clock), at, input, sub);
  const schedule: Schedule = {
    ...base,
    status: 'active',
    subscription: sub.id,
    phases: [phase],
    current_phase: { start_date: phase.start_date, end_date: phase.end_date },
  };
  saveSchedule(em, null, schedule, 'subscription_schedule.created', at);
  linkSubscription(em, sub.id, schedule.id, at);
  return schedule;
}

export function createSchedule(em: Emulator, input: ScheduleCreateInput): Schedule {
  if (input.from_subscription !== undefined) return fromSubscription(em, input.from_subscription, input);
  if (input.customer === undefined) throw invalidRequest('Missing required param: customer.', 'customer', 'parameter_missing');
  const customer = getCustomer(em, input.customer);
  if (input.phases === undefined) throw invalidRequest('Missing required param: phases.', 'phases', 'parameter_missing');
  const at = em.timeFor(customer.test_clock);
  const start = input.start_date === undefined || input.start_date === 'now' ? at : input.start_date;
  const phases = buildPhases(em, input.phases, start, at);
  let schedule: Schedule = { ...baseSchedule(em, customer.id, idOf(customer.test_clock), at, input, null), phases };
  if (start <= at) schedule = startSchedule(em, schedule, at);
  return saveSchedule(em, null, schedule, 'subscription_schedule.created', at);
}

export function updateSchedule(em: Emulator, id: string, input: ScheduleUpdateInput): Schedule {
  const before = getSchedule(em, id);
  assertOpen(before, 'update');
  const at = em.timeFor(before.test_clock);
  let schedule: Schedule = {
    ...before,
    metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
    end_behavior: input.end_behavior ?? before.end_behavior,
  };
  if (input.phases !== undefined) {
    const requested = input.phases[0]?.start_date;
    const start = requested === 'now' ? at : (requested ?? before.current_phase?.start_date ?? before.phases[0]?.start_date ?? at);
    const phases = buildPhases(em, input.phases, start, at);
    schedule = { ...schedule, phases };
    if (before.status === 'not_started') {
      if (start <= at) schedule = startSchedule(em, schedule, at);
    } else {
      if (start > at) throw invalidRequest('You can not modify the start date of the current phase.', 'phases[0][start_date]');
      const index = phaseIndexAt(phases, at);
      if (index === -1) throw invalidRequest('The end date of the last phase must be in the future.', `phases[${phases.length - 1}][end_date]`);
      const current = phases[index]!;
      const entering = current.start_date !== before.current_phase?.start_date;
      const subscription = idOf(before.subscription);
      if (subscription)
        applyPhase(em, subscription, current, {
          entering,
          proration: entering ? current.proration_behavior : (input.proration_behavior ?? 'create_prorations'),
        });
      schedule = { ...schedule, current_phase: { start_date: current.start_date, end_date: current.end_date } };
    }
  }
  return saveSchedule(em, before, schedule, 'subscription_schedule.updated', at);
}
