import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { cancelSetupIntent, confirmSetupIntent, createSetupIntent, getSetupIntent, setupIntentError, updateSetupIntent } from './setup-intents.ts';

const createShape = {
  customer: p.string({ nonEmpty: true }),
  payment_method: p.string({ nonEmpty: true }),
  confirm: p.bool(),
  usage: p.enum(['off_session', 'on_session']),
  description: p.string(),
  metadata: p.emptyable(p.metadata()),
  payment_method_types: p.arr(p.string()),
  automatic_payment_methods: p.obj({ enabled: p.required(p.bool()), allow_redirects: p.enum(['always', 'never']) }),
  return_url: p.string(),
  flow_directions: p.arr(p.enum(['inbound', 'outbound'])),
  expand: p.arr(p.string()),
};
const updateShape = {
  customer: p.string({ nonEmpty: true }),
  payment_method: p.string(),
  description: p.string(),
  metadata: p.emptyable(p.metadata()),
  payment_method_types: p.arr(p.string()),
  flow_directions: p.arr(p.enum(['inbound', 'outbound'])),
  expand: p.arr(p.string()),
};

export function setupIntentRoutes(r: Router): void {
  r.post('/v1/setup_intents', ({ em, body }) => {
    const { confirm, return_url: _r, expand: _e, automatic_payment_methods: _a, ...input } = parseShape(createShape, body);
    const si = createSetupIntent(em, input);
    if (!confirm) return si;
    const confirmed = confirmSetupIntent(em, si.id);
    if (confirmed.status === 'requires_payment_method') throw setupIntentError(confirmed);
    return confirmed;
  });
  r.get('/v1/setup_intents', ({ em, body }) => {
    const input = parseShape({ ...listShape, customer: p.string(), payment_method: p.string() }, body);
    const items = em.db.setupIntents
      .newestFirst()
      .filter(
        (si) =>
          (input.customer === undefined || si.customer === input.customer) &&
          (input.payment_method === undefined || si.payment_method === input.payment_method),
      );
    return paginate(items, input, '/v1/setup_intents', 'setup_intent');
  });
  r.get('/v1/setup_intents/:id', (ctx) => {
    parseShape({ ...expandShape, client_secret: p.string() }, ctx.body);
    return getSetupIntent(ctx.em, pathId(ctx));
  });
  r.post('/v1/setup_intents/:id', (ctx) => {
    const { expand: _e, ...input } = parseShape(updateShape, ctx.body);
    return updateSetupIntent(ctx.em, pathId(ctx), input);
  });
  r.post('/v1/setup_intents/:id/confirm', (ctx) => {
    const input = parseShape({ payment_method: p.string({ nonEmpty: true }), return_url: p.string(), expand: p.arr(p.string()) }, ctx.body);
    const confirmed = confirmSetupIntent(ctx.em, pathId(ctx), input.payment_method);
    if (confirmed.status === 'requires_payment_method') throw setupIntentError(confirmed);
    return confirmed;
  });
  r.post('/v1/setup_intents/:id/cancel', (ctx) => {
    parseShape({ cancellation_reason: p.string(), expand: p.arr(p.string()) }, ctx.body);
    return cancelSetupIntent(ctx.em, pathId(ctx));
  });
}
