import type { Emulator } from '../../core/emulator.ts';
import { registerVirtualExpansion } from '../../core/expand.ts';
import { inRange } from '../../core/list.ts';
import { p, rangeParam, updatable } from '../../core/params.ts';
import { equals, resourceRoutes, where, withBody, withId } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
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
  ...updatable(createShape, ['end_behavior', 'metadata', 'expand']),
  phases: p.arr(p.obj({ ...phaseFields, start_date: p.timestamp({ now: true }) }), { max: 10 }),
  proration_behavior: prorationBehavior,
};

// A subscription's `schedule` expands to the schedule object (the generic expansion would look a `sub_sched_` id up among subscriptions).
registerVirtualExpansion('subscription', 'schedule', (db, sub) => {
  const id = typeof sub.schedule === 'string' ? sub.schedule : null;
  return id ? (db.subscriptionSchedules.get(id) ?? id) : (sub.schedule ?? null);
});

export function subscriptionScheduleRoutes(r: Router, em: Emulator): void {
  registerScheduleTransitions(em);
  resourceRoutes(r, 'subscription_schedule', (db: Db) => db.subscriptionSchedules, {
    filters: {
      customer: equals(p.string(), (s) => idOf(s.customer)),
      scheduled: equals(p.bool(), (s) => s.status === 'not_started'),
      canceled_at: where(rangeParam, (s, range) => inRange(s.canceled_at, range)),
      completed_at: where(rangeParam, (s, range) => inRange(s.completed_at, range)),
      released_at: where(rangeParam, (s, range) => inRange(s.released_at, range)),
    },
    create: withBody(createShape, createSchedule),
    retrieve: (em, id) => getSchedule(em, id),
    update: withId(updateShape, updateSchedule),
    actions: {
      cancel: withId({ invoice_now: p.bool(), prorate: p.bool(), expand: p.arr(p.string()) }, cancelSchedule),
      release: withId({ preserve_cancel_date: p.bool(), expand: p.arr(p.string()) }, (em, id) => releaseSchedule(em, id)),
    },
  });
}
