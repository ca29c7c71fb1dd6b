import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { meterForEvent } from './meters.ts';

const DAY = 86_400;

export interface MeterEventInput {
  event_name: string;
  payload: Record<string, string>;
  identifier?: string;
  timestamp?: number;
}

/**
 * Records one meter event. An `identifier` already seen in the last 24 hours is not counted again:
 * the first event is returned, so a retried report never bills twice. `param` prefixes parameter
 * names in errors (`events[3]` for the v2 stream). The timestamp is checked against the customer's
 * time: its test clock's frozen time when it has one (so usage can be sent inside a simulated
 * period), real time otherwise.
 */
export function recordMeterEvent(em: Emulator, input: MeterEventInput, param = ''): Stripe.Billing.MeterEvent {
  const name = (key: string) => (param ? `${param}[${key}]` : key);
  const meter = meterForEvent(em, input.event_name);
  if (!meter) throw invalidRequest(`No active meter was found for event_name \`${input.event_name}\`.`, name('event_name'), 'resource_missing');
  const customerKey = meter.customer_mapping.event_payload_key;
  const customer = input.payload[customerKey];
  if (customer === undefined || customer === '')
    throw invalidRequest(`Missing required payload key: ${customerKey}.`, name(`payload[${customerKey}]`), 'parameter_missing');
  const customerObject = em.db.customers.get(customer);
  if (!customerObject) throw invalidRequest(`No such customer: '${customer}'`, name(`payload[${customerKey}]`), 'resource_missing');
  const now = em.now();
  const customerNow = em.timeFor(customerObject.test_clock);
  const timestamp = input.timestamp ?? customerNow;
  if (timestamp < customerNow - 35 * DAY)
    throw invalidRequest('The timestamp must be within the past 35 calendar days.', name('timestamp'), 'timestamp_too_far_in_past');
  if (timestamp > customerNow + 300)
    throw invalidRequest('The timestamp must be no more than 5 minutes in the future.', name('timestamp'), 'timestamp_in_future');
  const valueKey = meter.value_settings.event_payload_key;
  const raw = input.payload[valueKey];
  let value = 1;
  if (raw !== undefined) {
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)))
      throw invalidRequest(`The payload value \`${valueKey}\` must be a whole number.`, name(`payload[${valueKey}]`), 'parameter_invalid_integer');
    value = Number(raw);
  } else if (meter.default_aggregation.formula !== 'count') {
    throw invalidRequest(`Missing required payload key: ${valueKey}.`, name(`payload[${valueKey}]`), 'parameter_missing');
  }
  const identifier = input.identifier ?? em.ids.next('mevt');
  if (identifier.length > 100) throw invalidRequest('Invalid identifier: must be at most 100 characters.', name('identifier'));
  const db = em.db;
  const seen = db.meterEvents.get(identifier);
  if (seen && seen.event.created > now - DAY) return seen.event;
  const event: Stripe.Billing.MeterEvent = {
    object: 'billing.meter_event',
    created: now,
    event_name: input.event_name,
    identifier,
    livemode: false,
    payload: input.payload,
    timestamp,
  };
  db.meterEvents.put({ id: identifier, event, meter: meter.id, customer, value, canceled: false });
  return event;
}

/** Cancels an event by identifier (within 24 hours of receiving it). */
export function cancelMeterEvent(
  em: Emulator,
  input: { event_name: string; type: 'cancel'; cancel?: { identifier?: string } },
): Stripe.Billing.MeterEventAdjustment {
  const identifier = input.cancel?.identifier;
  if (identifier === undefined) throw invalidRequest('Missing required param: cancel[identifier].', 'cancel[identifier]', 'parameter_missing');
  const db = em.db;
  const stored = db.meterEvents.get(identifier);
  if (!stored || stored.event.event_name !== input.event_name)
    throw invalidRequest(`No meter event with identifier \`${identifier}\` for event_name \`${input.event_name}\`.`, 'cancel[identifier]', 'resource_missing');
  if (stored.event.created < em.now() - DAY) throw invalidRequest('Meter events can only be canceled within 24 hours of being received.', 'cancel[identifier]');
  db.meterEvents.put({ ...stored, canceled: true });
  return {
    object: 'billing.meter_event_adjustment',
    cancel: { identifier },
    event_name: input.event_name,
    livemode: false,
    status: 'complete',
    type: 'cancel',
  };
}
