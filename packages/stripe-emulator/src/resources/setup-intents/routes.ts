import type Stripe from 'stripe';
import { expandShape, p, updatable } from '../../core/params.ts';
import { resourceRoutes, withBody, withId } from '../../core/resource-routes.ts';
import type { Db } from '../../core/db.ts';
import type { Router } from '../../core/router.ts';
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
  ...updatable(createShape, ['customer', 'description', 'metadata', 'payment_method_types', 'flow_directions', 'expand']),
  // `''` takes the payment method off.
  payment_method: p.string(),
};

function confirmed(si: Stripe.SetupIntent): Stripe.SetupIntent {
  if (si.status === 'requires_payment_method') throw setupIntentError(si);
  return si;
}

export function setupIntentRoutes(r: Router): void {
  resourceRoutes(r, 'setup_intent', (db: Db) => db.setupIntents, {
    match: { customer: p.string(), payment_method: p.string() },
    create: withBody(createShape, (em, { confirm, return_url: _r, automatic_payment_methods: _a, ...input }) => {
      const si = createSetupIntent(em, input);
      return confirm ? confirmed(confirmSetupIntent(em, si.id)) : si;
    }),
    retrieve: (em, id) => getSetupIntent(em, id),
    retrieveShape: { ...expandShape, client_secret: p.string() },
    update: withId(updateShape, updateSetupIntent),
    actions: {
      confirm: withId({ payment_method: p.string({ nonEmpty: true }), return_url: p.string(), expand: p.arr(p.string()) }, (em, id, input) =>
        confirmed(confirmSetupIntent(em, id, input.payment_method)),
      ),
      cancel: withId({ cancellation_reason: p.string(), expand: p.arr(p.string()) }, (em, id) => cancelSetupIntent(em, id)),
    },
  });
}
