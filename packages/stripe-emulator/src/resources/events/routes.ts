import { p } from '../../core/params.ts';
import { accepted, findOrMissing, resourceRoutes, where } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';

/** `type` accepts a trailing wildcard as Stripe does (`invoice.*`). */
function typeMatches(type: string, pattern: string): boolean {
  return pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}

export function eventRoutes(r: Router): void {
  resourceRoutes(r, 'event', (db: Db) => db.events, {
    filters: {
      type: where(p.string(), (e, type) => typeMatches(e.type, type)),
      types: where(p.arr(p.string(), { max: 20 }), (e, types) => types.some((t) => typeMatches(e.type, t))),
      delivery_success: accepted(p.bool()),
    },
    retrieve: (em, id) => findOrMissing(em.db.events, 'event', id),
  });
}
