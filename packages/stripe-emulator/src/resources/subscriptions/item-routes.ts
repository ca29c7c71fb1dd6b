import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { paginate } from '../../core/list.ts';
import { expandShape, listShape, p, parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { getSubscription } from './subscriptions.ts';
import { type SubscriptionUpdate, updateSubscription } from './update.ts';

const change = {
  proration_behavior: p.enum(['create_prorations', 'none', 'always_invoice']),
  proration_date: p.int(),
  payment_behavior: p.enum(['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete']),
  expand: p.arr(p.string()),
};
const itemFields = {
  price: p.string({ nonEmpty: true }),
  plan: p.string({ nonEmpty: true }),
  quantity: p.int({ min: 0 }),
  metadata: p.emptyable(p.metadata()),
  tax_rates: p.emptyable(p.arr(p.string({ nonEmpty: true }))),
};
const createShape = { subscription: p.required(p.string({ nonEmpty: true })), ...itemFields, ...change };
const updateShape = { ...itemFields, off_session: p.bool(), ...change };
const deleteShape = { clear_usage: p.bool(), ...change };

/** The subscription holding an item (items live inside their subscription). */
function findItem(em: Emulator, id: string): { sub: Stripe.Subscription; item: Stripe.SubscriptionItem } {
  for (const sub of em.db.subscriptions.values()) {
    const item = sub.items.data.find((i) => i.id === id);
    if (item) return { sub, item };
  }
  throw resourceMissing('subscription_item', id, 'id');
}

function changeOf(input: {
  proration_behavior?: SubscriptionUpdate['proration_behavior'];
  proration_date?: number;
  payment_behavior?: SubscriptionUpdate['payment_behavior'];
  off_session?: boolean;
}): SubscriptionUpdate {
  return {
    ...(input.proration_behavior !== undefined ? { proration_behavior: input.proration_behavior } : {}),
    ...(input.proration_date !== undefined ? { proration_date: input.proration_date } : {}),
    ...(input.payment_behavior !== undefined ? { payment_behavior: input.payment_behavior } : {}),
    ...(input.off_session !== undefined ? { off_session: input.off_session } : {}),
  };
}

/**
 * `/v1/subscription_items`: each write is the matching subscription update (`items[]` with one
 * entry), so prorations, invoices and `customer.subscription.updated` follow the same rules.
 */
export function subscriptionItemRoutes(r: Router): void {
  r.get('/v1/subscription_items', ({ em, body }) => {
    const input = parseShape({ ...listShape, subscription: p.required(p.string()) }, body);
    const sub = getSubscription(em, input.subscription, 'subscription');
    return paginate([...sub.items.data].reverse(), input, '/v1/subscription_items', 'subscription_item');
  });
  r.get('/v1/subscription_items/:id', (ctx) => {
    parseShape(expandShape, ctx.body);
    return findItem(ctx.em, pathId(ctx)).item;
  });
  r.post('/v1/subscription_items', ({ em, body }) => {
    const { subscription, price, plan, quantity, metadata, tax_rates, ...rest } = parseShape(createShape, body);
    const before = getSubscription(em, subscription, 'subscription');
    if (price === undefined && plan === undefined) throw invalidRequest('Missing required param: price.', 'price', 'parameter_missing');
    if (price !== undefined && plan !== undefined) throw invalidRequest('You may only specify one of these parameters: plan, price.', 'plan');
    const after = updateSubscription(em, before.id, {
      ...changeOf(rest),
      items: [
        {
          ...(price !== undefined ? { price } : {}),
          ...(plan !== undefined ? { plan } : {}),
          ...(quantity !== undefined ? { quantity } : {}),
          ...(metadata !== undefined ? { metadata } : {}),
          ...(tax_rates !== undefined ? { tax_rates } : {}),
        },
      ],
    });
    const known = new Set(before.items.data.map((i) => i.id));
    const added = after.items.data.find((i) => !known.has(i.id));
    if (!added) throw new Error('subscription update added no item');
    return added;
  });
  r.post('/v1/subscription_items/:id', (ctx) => {
    const { price, plan, quantity, metadata, tax_rates, ...rest } = parseShape(updateShape, ctx.body);
    const { sub, item } = findItem(ctx.em, pathId(ctx));
    if (price !== undefined && plan !== undefined) throw invalidRequest('You may only specify one of these parameters: plan, price.', 'plan');
    const after = updateSubscription(ctx.em, sub.id, {
      ...changeOf(rest),
      items: [
        {
          id: item.id,
          ...(price !== undefined ? { price } : {}),
          ...(plan !== undefined ? { plan } : {}),
          ...(quantity !== undefined ? { quantity } : {}),
          ...(metadata !== undefined ? { metadata } : {}),
          ...(tax_rates !== undefined ? { tax_rates } : {}),
        },
      ],
    });
    return after.items.data.find((i) => i.id === item.id) ?? item;
  });
  r.delete('/v1/subscription_items/:id', (ctx) => {
    const { clear_usage: _c, ...rest } = parseShape(deleteShape, ctx.body);
    const { sub, item } = findItem(ctx.em, pathId(ctx));
    updateSubscription(ctx.em, sub.id, { ...changeOf(rest), items: [{ id: item.id, deleted: true }] });
    const deleted: Stripe.DeletedSubscriptionItem = { id: item.id, object: 'subscription_item', deleted: true };
    return deleted;
  });
}
