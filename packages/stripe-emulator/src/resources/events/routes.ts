import { resourceMissing } from '../../errors.ts';
import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';

/** `type` accepts a trailing wildcard as Stripe does (`invoice.*`). */
function typeMatches(type: string, pattern: string): boolean {
  return pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}

export function eventRoutes(r: Router): void {
  r.get('/v1/events', ({ em, body }) => {
    const input = parseShape({ ...listShape, type: p.string(), types: p.arr(p.string(), { max: 20 }), delivery_success: p.bool() }, body);
    const items = em.db.events
      .newestFirst()
      .filter(
        (e) => (input.type === undefined || typeMatches(e.type, input.type)) && (input.types === undefined || input.types.some((t) => typeMatches(e.type, t))),
      );
    return paginate(items, input, '/v1/events', 'event');
  });
  r.get('/v1/events/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    const event = ctx.em.db.events.get(pathId(ctx));
    if (!event) throw resourceMissing('event', pathId(ctx), 'id');
    return event;
  });
}
