import type Stripe from 'stripe';
import { p } from '../../core/params.ts';
import { accepted, findOrMissing, resourceRoutes, where } from '../../core/resource-routes.ts';
import type { Router } from '../../core/router.ts';

/** `type` accepts a trailing wildcard as Stripe does (`invoice.*`). */
function typeMatches(type: string, pattern: string): boolean {
  return pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}

export function eventRoutes(r: Router): void {
  resourceRoutes<Stripe.EventBase>(r, {
    path: '/v1/events',
    object: 'event',
    items: (em) => em.db.events.newestFirst(),
    filters: {
      type: where(p.string(), (e, type) => typeMatches(e.type, type)),
      types: where(p.arr(p.string(), { max: 20 }), (e, types) => types.some((t) => typeMatches(e.type, t))),
      delivery_success: accepted(p.bool()),
    },
    retrieve: (em, id) => findOrMissing(em.db.events, 'event', id),
  });
}
