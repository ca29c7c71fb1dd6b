import type { Emulator } from '../../core/emulator.ts';
import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape, updatable } from '../../core/params.ts';
import { resourceRoutes, withBody, withId } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import { type Router, pathId } from '../../core/router.ts';
import { cancelMeterEvent, recordMeterEvent } from './meter-events.ts';
import { createMeter, eventSummaries, getMeter, setMeterStatus, updateMeter } from './meters.ts';
import { meterStreamRoutes } from './stream.ts';
import { meterV2Routes } from './v2-routes.ts';
import { meteredUsageLines } from './usage-billing.ts';

const createShape = {
  display_name: p.required(p.string({ nonEmpty: true, maxLength: 250 })),
  event_name: p.required(p.string({ nonEmpty: true })),
  default_aggregation: p.required(p.obj({ formula: p.required(p.enum(['sum', 'count', 'last'])) })),
  customer_mapping: p.obj({ event_payload_key: p.required(p.string({ nonEmpty: true, maxLength: 100 })), type: p.required(p.enum(['by_id'])) }),
  value_settings: p.obj({ event_payload_key: p.required(p.string({ nonEmpty: true, maxLength: 100 })) }),
  event_time_window: p.enum(['day', 'hour']),
  expand: p.arr(p.string()),
};
const eventShape = {
  event_name: p.required(p.string({ nonEmpty: true, maxLength: 100 })),
  payload: p.required(p.metadata()),
  identifier: p.string({ nonEmpty: true, maxLength: 100 }),
  timestamp: p.int(),
  expand: p.arr(p.string()),
};
const adjustmentShape = {
  event_name: p.required(p.string({ nonEmpty: true, maxLength: 100 })),
  type: p.required(p.enum(['cancel'])),
  cancel: p.obj({ identifier: p.string({ nonEmpty: true }) }),
  expand: p.arr(p.string()),
};
const summariesShape = {
  ...listShape,
  customer: p.required(p.string({ nonEmpty: true })),
  start_time: p.required(p.int()),
  end_time: p.required(p.int()),
  value_grouping_window: p.enum(['hour', 'day']),
};

export function meterRoutes(r: Router, em: Emulator): void {
  em.hooks.invoiceLines.push((lines, context) => meteredUsageLines(em, lines, context));
  resourceRoutes(r, 'billing.meter', (db: Db) => db.meters, {
    match: { status: p.enum(['active', 'inactive']) },
    create: withBody(createShape, createMeter),
    retrieve: (em, id) => getMeter(em, id),
    update: withId(updatable(createShape, ['display_name', 'expand']), updateMeter),
    actions: {
      deactivate: withId(expandShape, (em, id) => setMeterStatus(em, id, false)),
      reactivate: withId(expandShape, (em, id) => setMeterStatus(em, id, true)),
    },
  });
  r.get('/v1/billing/meters/:id/event_summaries', (ctx) => {
    const input = parseShape(summariesShape, ctx.body);
    const id = pathId(ctx);
    return paginate(eventSummaries(ctx.em, id, input), input, `/v1/billing/meters/${id}/event_summaries`, 'billing.meter_event_summary');
  });
  r.post('/v1/billing/meter_events', withBody(eventShape, recordMeterEvent));
  r.post('/v1/billing/meter_event_adjustments', withBody(adjustmentShape, cancelMeterEvent));
  meterStreamRoutes(r);
  meterV2Routes(r);
}
