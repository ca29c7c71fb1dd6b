import type Stripe from 'stripe';
import type { Emulator } from '../../core/emulator.ts';
import { registerVirtualExpansion } from '../../core/expand.ts';
import { inRange, paginate } from '../../core/list.ts';
import { expandShape, type InferShape, listShape, p, parseShape, rangeParam } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { idOf } from '../subscriptions/items.ts';
import { createSchedule, getSchedule, updateSchedule } from './schedules.ts';
import { cancelSchedule, registerScheduleTransitions, releaseSchedule } from './transitions.ts';

const endBehavior = p.enum(['release', 'cancel']);
const prorationBehavior = p.enum(['always_invoice', 'create_prorations', 'none']);
const phaseFields = {
  items: p.required(
    p.arr(p.obj({ price: p.required(p.string({ nonEmpty: true })), quantity: p.int({ min: 0 }), metadata: p.emptyable(p.metadata()) }), { max: 20 }),
  ),
  end_date: p.timestamp({ now: true }),
  iterations: p.int({ min: 1 }),
  duration: p.obj({ interval: p.required(p.enum(['day', 'week', 'month', 'year'])), interval_count: p.int({ min: 1 }) }),
  proration_behavior: prorationBehavior,
  metadata: p.emptyable(p.metadata()),
  description: p.string(),
  collection_method: p.enum(['charge_automatically', 'send_invoice']),
  default_payment_method: p.string({ nonEmpty: true }),
  billing_cycle_anchor: p.enum(['automatic', 'phase_start']),
  currency: p.currency(),
};
const createShape = {
  customer: p.string({ nonEmpty: true }),
  from_subscription: p.string({ nonEmpty: true }),
  phases: p.arr(p.obj(phaseFields), { max: 10 }),
  start_date: p.timestamp({ now: true }),
  end_behavior: endBehavior,
  metadata: p.emptyable(p.metadata()),
  expand: p.arr(p.string()),
};
const updateShape = {
  phases: p.arr(p.obj({ ...phaseFields, start_date: p.timestamp({ now: true }) }), { max: 10 }),
  end_behavior: endBehavior,
  metadata: p.emptyable(p.metadata()),
  proration_behavior: prorationBehavior,
  expand: p.arr(p.string()),
};
const listSchedulesShape = {
  ...listShape,
  customer: p.string(),
  scheduled: p.bool(),
  canceled_at: rangeParam,
  completed_at: rangeParam,
  released_at: rangeParam,
};

// A subscription's `schedule` expands to the schedule object (the generic expansion would look a `sub_sched_` id up among subscriptions).
registerVirtualExpansion('subscription', 'schedule', (db, sub) => {
  const id = typeof sub.schedule === 'string' ? sub.schedule : null;
  return id ? (db.subscriptionSchedules.get(id) ?? id) : (sub.schedule ?? null);
});

function listFilter(input: InferShape<typeof listSchedulesShape>) {
  return (s: Stripe.SubscriptionSchedule): boolean => {
    if (input.customer !== undefined && idOf(s.customer) !== input.customer) return false;
    if (input.scheduled !== undefined && (s.status === 'not_started') !== input.scheduled) return false;
    return inRange(s.canceled_at, input.canceled_at) && inRange(s.completed_at, input.completed_at) && inRange(s.released_at, input.released_at);
  };
}

export function subscriptionScheduleRoutes(r: Router, em: Emulator): void {
  registerScheduleTransitions(em);
  r.post('/v1/subscription_schedules', ({ em, body }) => {
    const { expand: _e, ...input } = parseShape(createShape, body);
    return createSchedule(em, input);
  });
  r.get('/v1/subscription_schedules', ({ em, body }) => {
    const input = parseShape(listSchedulesShape, body);
    const items = em.db.subscriptionSchedules.newestFirst().filter(listFilter(input));
    return paginate(items, input, '/v1/subscription_schedules', 'subscription_schedule');
  });
  r.get('/v1/subscription_schedules/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    return getSchedule(ctx.em, pathId(ctx));
  });
  r.post('/v1/subscription_schedules/:id', (ctx) => {
    const { expand: _e, ...input } = parseShape(updateShape, ctx.body);
    return updateSchedule(ctx.em, pathId(ctx), input);
  });
  r.post('/v1/subscription_schedules/:id/cancel', (ctx) => {
    const { expand: _e, ...input } = parseShape({ invoice_now: p.bool(), prorate: p.bool(), expand: p.arr(p.string()) }, ctx.body);
    return cancelSchedule(ctx.em, pathId(ctx), input);
  });
  r.post('/v1/subscription_schedules/:id/release', (ctx) => {
    parseShape({ preserve_cancel_date: p.bool(), expand: p.arr(p.string()) }, ctx.body);
    return releaseSchedule(ctx.em, pathId(ctx));
  });
}
