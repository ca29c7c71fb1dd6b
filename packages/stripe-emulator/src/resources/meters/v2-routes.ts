import type Stripe from 'stripe';
import { invalidRequest } from '../../errors.ts';
import { p, parseShape } from '../../core/params.ts';
import type { Router } from '../../core/router.ts';
import { cancelMeterEvent, recordMeterEvent } from './meter-events.ts';

const iso = (unix: number) => new Date(unix * 1000).toISOString();

const eventShape = {
  event_name: p.required(p.string({ nonEmpty: true, maxLength: 100 })),
  payload: p.required(p.metadata()),
  identifier: p.string({ nonEmpty: true, maxLength: 100 }),
  timestamp: p.string({ nonEmpty: true }),
};
const adjustmentShape = {
  event_name: p.required(p.string({ nonEmpty: true, maxLength: 100 })),
  type: p.required(p.enum(['cancel'])),
  cancel: p.required(p.obj({ identifier: p.required(p.string({ nonEmpty: true })) })),
};

/** An RFC 3339 timestamp (`2026-11-16T12:00:00.000Z`) in unix seconds, or a 400 naming the parameter. */
export function rfc3339(value: string, param: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw invalidRequest('Invalid timestamp: must be an RFC 3339 date-time such as 2026-11-16T12:00:00.000Z.', param);
  return Math.floor(ms / 1000);
}

/**
 * The v2 meter event endpoints (JSON, secret key): `POST /v2/billing/meter_events` records one
 * event with the v1 rules (dedupe by identifier, timestamps checked against the customer's clock),
 * `POST /v2/billing/meter_event_adjustments` cancels one.
 */
export function meterV2Routes(r: Router): void {
  r.post('/v2/billing/meter_events', ({ em, body }) => {
    const input = parseShape(eventShape, body);
    const event = recordMeterEvent(em, {
      event_name: input.event_name,
      payload: input.payload,
      ...(input.identifier ? { identifier: input.identifier } : {}),
      ...(input.timestamp !== undefined ? { timestamp: rfc3339(input.timestamp, 'timestamp') } : {}),
    });
    const out: Stripe.V2.Billing.MeterEvent = {
      object: 'v2.billing.meter_event',
      created: iso(event.created),
      event_name: event.event_name,
      identifier: event.identifier,
      livemode: false,
      payload: event.payload,
      timestamp: iso(event.timestamp),
    };
    return out;
  });
  r.post('/v2/billing/meter_event_adjustments', ({ em, body }) => {
    const input = parseShape(adjustmentShape, body);
    const adjustment = cancelMeterEvent(em, input);
    const out: Stripe.V2.Billing.MeterEventAdjustment = {
      id: em.ids.next('mtradj'),
      object: 'v2.billing.meter_event_adjustment',
      cancel: { identifier: adjustment.cancel?.identifier ?? input.cancel.identifier },
      created: iso(em.now()),
      event_name: adjustment.event_name,
      livemode: false,
      status: 'complete',
      type: 'cancel',
    };
    return out;
  });
}
