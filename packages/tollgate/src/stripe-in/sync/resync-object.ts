import type Stripe from 'stripe';
import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { type ApplyResult, applyStripeObject } from '../mirror/apply.ts';
import { type Gone, isMissing } from '../mirror/kind.ts';

const RETRIEVERS: [prefix: string, object: string, load: (stripe: Stripe, id: string) => Promise<{ id: string; object: string }>][] = [
  ['cus_', 'customer', (s, id) => s.customers.retrieve(id)],
  ['sub_sched_', 'subscription_schedule', (s, id) => s.subscriptionSchedules.retrieve(id)],
  ['sub_', 'subscription', (s, id) => s.subscriptions.retrieve(id)],
  ['in_', 'invoice', async (s, id) => await s.invoices.retrieve(id)],
  ['pm_', 'payment_method', (s, id) => s.paymentMethods.retrieve(id)],
  ['prod_', 'product', (s, id) => s.products.retrieve(id)],
  ['price_', 'price', (s, id) => s.prices.retrieve(id)],
  ['cs_', 'checkout.session', (s, id) => s.checkout.sessions.retrieve(id)],
];

/** Fetches one object from Stripe by id and applies it (a repair for one customer, subscription, ...). */
export async function resyncObject(deps: Deps, input: { id: unknown }): Promise<Result<ApplyResult>> {
  const { id } = input;
  if (typeof id !== 'string' || id === '') return err(appError('validation_failed', 'id must be a Stripe object id', 'id'));
  const entry = RETRIEVERS.find(([prefix]) => id.startsWith(prefix));
  if (!entry) return err(appError('validation_failed', `cannot resync "${id}": expected a cus_, sub_, sub_sched_, in_, pm_, prod_, price_ or cs_ id`, 'id'));
  const [, object, load] = entry;
  let fetched: { id: string; object: string } | Gone;
  try {
    fetched = await load(deps.stripe, id);
  } catch (error) {
    if (!isMissing(error)) throw error;
    if (object === 'subscription' || object === 'invoice' || object === 'checkout.session')
      return err(appError('not_found', `Stripe has no ${object} ${id}`, 'id'));
    fetched = { id, object, deleted: true };
  }
  return ok(await applyStripeObject(deps, fetched));
}
