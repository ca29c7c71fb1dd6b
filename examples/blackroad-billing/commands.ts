import type Stripe from 'stripe';
import {
  type AppError,
  applyStripeObject,
  check,
  computeMrr,
  type Deps,
  describeStep,
  findPlanByPrice,
  formatMoney,
  getCustomer,
  getSubscription,
  listCustomers,
  pushConfig,
} from 'tollgate';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** An expected failure: one line naming the flag at fault, exit code 1. */
export function fail(io: CliIo, error: AppError, flags: Record<string, string> = {}): number {
  const param = error.param !== undefined ? (flags[error.param] ?? error.param) : undefined;
  io.err(`error: ${error.code}${param !== undefined ? ` (${param})` : ''}: ${error.message}`);
  return 1;
}

const count = (n: number) => n.toLocaleString('en-US');

/** `setup`: make Stripe's products and prices match tollgate.config.ts (idempotent). */
export async function setup(deps: Deps, io: CliIo): Promise<number> {
  const pushed = await pushConfig(deps, { apply: true });
  if (!pushed.ok) return fail(io, pushed.error);
  const steps = pushed.value.plan.steps;
  for (const step of steps) io.out(describeStep(step));
  io.out(steps.length === 0 ? 'Products and prices are up to date.' : `Set up ${count(steps.length)} change${steps.length === 1 ? '' : 's'} in Stripe.`);
  return 0;
}

/** `customers list`: from Tollgate's mirror of Stripe, newest first. */
export async function customersList(deps: Deps, io: CliIo, limit: number | undefined): Promise<number> {
  const list = await listCustomers(deps, limit !== undefined ? { limit } : {});
  if (!list.ok) return fail(io, list.error, { limit: '--limit' });
  if (list.value.length === 0) io.out('No customers yet.');
  for (const c of list.value) io.out([c.stripeCustomerId ?? '-', c.email ?? '-', c.name ?? '-', c.externalId ?? '-', c.createdAt.toISOString()].join('  '));
  return 0;
}

/** `customers get cus_xxx` (or the BlackRoad id): the customer, its subscription and its MRR. */
export async function customersGet(deps: Deps, io: CliIo, id: string | undefined): Promise<number> {
  const customer = await getCustomer(deps, id, 'id');
  if (!customer.ok) return fail(io, customer.error, { id: '<customer id>' });
  const c = customer.value;
  io.out(`Customer      ${c.stripeCustomerId ?? '-'}`);
  io.out(`Email         ${c.email ?? '-'}`);
  io.out(`Name          ${c.name ?? '-'}`);
  io.out(`BlackRoad id  ${c.externalId ?? '-'}`);
  const sub = c.externalId === null ? null : await getSubscription(deps, { externalId: c.externalId });
  const s = sub?.ok ? sub.value : null;
  if (!s) {
    io.out('Subscription  none');
    io.out(`MRR           ${formatMoney({ amount: 0, currency: deps.config.currency ?? 'usd' })}`);
    return 0;
  }
  const name = (s.planKey !== null ? deps.config.plans[s.planKey]?.name : undefined) ?? s.planKey ?? '?';
  const seats = s.quantity ?? 1;
  io.out(`Subscription  ${s.id} ${name}, ${count(seats)} seat${seats === 1 ? '' : 's'}, ${s.status}${s.cancelAtPeriodEnd ? ', cancels at period end' : ''}`);
  const billing = s.status === 'active' || s.status === 'past_due';
  io.out(`MRR           ${formatMoney({ amount: billing && s.interval === 'month' ? s.amount : 0, currency: s.currency })}`);
  return 0;
}

/**
 * `subscriptions create --customer cus_xxx --price price_xxx`: the operator
 * starts a subscription on the customer's saved card. The price must be a
 * plan's price (so its seats follow the user count); the quantity starts at
 * the customer's user count. Stripe's answer goes through Tollgate's mirror.
 */
export async function subscriptionsCreate(deps: Deps, io: CliIo, customerId: string | undefined, priceId: string | undefined): Promise<number> {
  const flags = { customer: '--customer', price: '--price' };
  const customer = await getCustomer(deps, customerId ?? '', 'customer');
  if (!customer.ok) return fail(io, customer.error, flags);
  const plan = await findPlanByPrice(deps, priceId ?? '', 'price');
  if (!plan.ok) return fail(io, plan.error, flags);
  const { stripeCustomerId, externalId } = customer.value;
  if (stripeCustomerId === null) return fail(io, { code: 'customer_not_found', message: 'the customer has no Stripe customer yet', param: 'customer' }, flags);
  const users = externalId === null ? undefined : await userCount(deps, externalId);
  const quantity = Math.max(1, users ?? 1);
  const minute = Math.floor(deps.clock.now().getTime() / 60_000);
  let created: Stripe.Subscription;
  try {
    created = await deps.stripe.subscriptions.create(
      {
        customer: stripeCustomerId,
        items: [{ price: plan.value.priceId, quantity }],
        metadata: { tollgate_plan: plan.value.plan },
        payment_behavior: 'error_if_incomplete',
      },
      { idempotencyKey: `stripe_billing-create-${stripeCustomerId}-${plan.value.priceId}-${quantity}-${minute}` },
    );
  } catch (e) {
    // A declined card or a customer without one is Stripe's answer, not a crash: one line naming the customer.
    const status = (e as { statusCode?: number }).statusCode;
    if (status === 402 || status === 400)
      return fail(io, { code: status === 402 ? 'payment_failed' : 'stripe_error', message: (e as Error).message, param: 'customer' }, flags);
    throw e;
  }
  await applyStripeObject(deps, created);
  const name = deps.config.plans[plan.value.plan]?.name ?? plan.value.plan;
  io.out(`Created ${created.id} for ${stripeCustomerId}: ${name}, ${count(quantity)} seat${quantity === 1 ? '' : 's'}, ${created.status}`);
  return 0;
}

async function userCount(deps: Deps, externalId: string): Promise<number | undefined> {
  const users = await check(deps, { customer: externalId, feature: 'users' });
  return users.ok ? users.value.used : undefined;
}

/** `metrics mrr`: `MRR: $4,523.00 (4,523 active subscriptions)`, per currency, from the mirror. */
export async function metricsMrr(deps: Deps, io: CliIo): Promise<number> {
  const figures = await computeMrr(deps);
  const shown = figures.length > 0 ? figures : [{ currency: deps.config.currency ?? 'usd', mrr: 0, subscriptions: 0 }];
  for (const f of shown)
    io.out(`MRR: ${formatMoney({ amount: f.mrr, currency: f.currency })} (${count(f.subscriptions)} active subscription${f.subscriptions === 1 ? '' : 's'})`);
  return 0;
}
