import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';

export interface MeterInput {
  display_name: string;
  event_name: string;
  default_aggregation: { formula: 'sum' | 'count' | 'last' };
  customer_mapping?: { event_payload_key: string; type: 'by_id' };
  value_settings?: { event_payload_key: string };
  event_time_window?: 'day' | 'hour';
}

export function getMeter(em: Emulator, id: string, param = 'id'): Stripe.Billing.Meter {
  const meter = em.db.meters.get(id);
  if (!meter) throw resourceMissing('billing.meter', id, param);
  return meter;
}

/** The active meter that counts events named `eventName`. */
export function meterForEvent(em: Emulator, eventName: string): Stripe.Billing.Meter | undefined {
  for (const meter of em.db.meters.values()) if (meter.status === 'active' && meter.event_name === eventName) return meter;
  return undefined;
}

export function createMeter(em: Emulator, input: MeterInput): Stripe.Billing.Meter {
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(input.event_name))
    throw invalidRequest('Invalid event_name: use letters, digits, `_`, `-`, `.` and `:` (at most 100 characters).', 'event_name');
  if (meterForEvent(em, input.event_name))
    throw invalidRequest(`An active meter with event_name \`${input.event_name}\` already exists.`, 'event_name', 'resource_already_exists');
  const now = em.now();
  const meter: Stripe.Billing.Meter = {
    id: em.ids.next('mtr'),
    object: 'billing.meter',
    created: now,
    customer_mapping: input.customer_mapping ?? { event_payload_key: 'stripe_customer_id', type: 'by_id' },
    default_aggregation: { formula: input.default_aggregation.formula },
    display_name: input.display_name,
    event_name: input.event_name,
    event_time_window: input.event_time_window ?? null,
    livemode: false,
    status: 'active',
    status_transitions: { deactivated_at: null },
    updated: now,
    value_settings: input.value_settings ?? { event_payload_key: 'value' },
  };
  em.db.meters.put(meter);
  return meter;
}

export function updateMeter(em: Emulator, id: string, input: { display_name?: string }): Stripe.Billing.Meter {
  const before = getMeter(em, id);
  const after: Stripe.Billing.Meter = { ...before, display_name: input.display_name ?? before.display_name, updated: em.now() };
  em.db.meters.put(after);
  return after;
}

export function setMeterStatus(em: Emulator, id: string, active: boolean): Stripe.Billing.Meter {
  const before = getMeter(em, id);
  if (active && before.status === 'active') throw invalidRequest('This meter is already active.', undefined, 'meter_already_active');
  if (!active && before.status === 'inactive') throw invalidRequest('This meter is already inactive.', undefined, 'meter_already_inactive');
  if (active && meterForEvent(em, before.event_name))
    throw invalidRequest(`An active meter with event_name \`${before.event_name}\` already exists.`, undefined, 'resource_already_exists');
  const now = em.now();
  const after: Stripe.Billing.Meter = {
    ...before,
    status: active ? 'active' : 'inactive',
    status_transitions: { deactivated_at: active ? null : now },
    updated: now,
  };
  em.db.meters.put(after);
  return after;
}

/** The meter's aggregate of a customer's events with `start <= timestamp < end` (canceled events excluded). */
export function aggregateUsage(em: Emulator, meterId: string, customer: string, start: number, end: number): number {
  const meter = em.db.meters.get(meterId);
  if (!meter) return 0;
  let sum = 0;
  let count = 0;
  let last: { at: number; value: number } | null = null;
  for (const stored of em.db.meterEvents.values()) {
    if (stored.meter !== meterId || stored.customer !== customer || stored.canceled) continue;
    const at = stored.event.timestamp;
    if (at < start || at >= end) continue;
    sum += stored.value;
    count++;
    if (!last || at >= last.at) last = { at, value: stored.value };
  }
  const formula = meter.default_aggregation.formula;
  return formula === 'count' ? count : formula === 'last' ? (last?.value ?? 0) : sum;
}

const WINDOW = { hour: 3600, day: 86_400 } as const;

/** Summaries of a customer's usage over `[start, end)`, one per window (or one in all). */
export function eventSummaries(
  em: Emulator,
  meterId: string,
  input: { customer: string; start_time: number; end_time: number; value_grouping_window?: 'hour' | 'day' },
): Stripe.Billing.MeterEventSummary[] {
  getMeter(em, meterId);
  if (input.end_time <= input.start_time) throw invalidRequest('end_time must be after start_time.', 'end_time');
  if (input.start_time % 60 !== 0) throw invalidRequest('start_time must be aligned to a minute boundary.', 'start_time');
  if (input.end_time % 60 !== 0) throw invalidRequest('end_time must be aligned to a minute boundary.', 'end_time');
  const step = input.value_grouping_window ? WINDOW[input.value_grouping_window] : input.end_time - input.start_time;
  if (input.value_grouping_window && input.start_time % step !== 0)
    throw invalidRequest(
      `start_time must be aligned to the ${input.value_grouping_window} when value_grouping_window is ${input.value_grouping_window}.`,
      'start_time',
    );
  const out: Stripe.Billing.MeterEventSummary[] = [];
  for (let start = input.start_time; start < input.end_time; start += step) {
    const end = Math.min(start + step, input.end_time);
    out.push({
      id: `mtrusg_${meterId.slice(4)}_${start}`,
      object: 'billing.meter_event_summary',
      aggregated_value: aggregateUsage(em, meterId, input.customer, start, end),
      end_time: end,
      livemode: false,
      meter: meterId,
      start_time: start,
    });
  }
  return out;
}
