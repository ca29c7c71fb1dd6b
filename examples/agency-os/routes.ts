import { type Context, Hono } from 'hono';
import { z } from 'zod';
import {
  type AppError,
  cancelSubscription,
  createCheckout,
  createPortalSession,
  type CurrentSubscription,
  type Deps,
  errorBody,
  findPlanByPrice,
  getCustomer,
  getSubscription,
  httpStatus,
  listPaymentEvents,
  type Result,
} from 'tollgate';
import type { Accounts, Principal } from './accounts.ts';

/** The seed's optional `STRIPE_PRICE_*` settings: a plan name may stand for a price id kept in the environment. */
export type PriceSettings = Partial<Record<'solo' | 'team' | 'enterprise', string>>;

const PLAN_NAMES = ['solo', 'team', 'enterprise'] as const;
const checkoutBody = z.strictObject({
  plan_id: z.string().min(1).max(255),
  tenant_id: z.string().min(1).max(255),
  success_url: z.url().max(2048),
  cancel_url: z.url().max(2048),
  customer_email: z.email().max(512).optional(),
  trial_days: z.number().int().min(0).max(730).optional(),
});
const portalBody = z.strictObject({ customer_id: z.string().min(1).max(255), return_url: z.url().max(2048) });

type Env = { Variables: { principal: Principal } };
const FIELDS: Record<string, string> = {
  successUrl: 'success_url',
  cancelUrl: 'cancel_url',
  email: 'customer_email',
  returnUrl: 'return_url',
  trialDays: 'trial_days',
  customer: 'tenant_id',
};

const present = (tenantId: string, s: CurrentSubscription) => ({
  id: s.id,
  tenant_id: tenantId,
  plan: s.planKey,
  status: s.status,
  current_period_end: s.currentPeriodEnd?.toISOString() ?? null,
  cancel_at_period_end: s.cancelAtPeriodEnd,
  cancel_at: s.cancelAt?.toISOString() ?? null,
  trial_end: s.trialEnd?.toISOString() ?? null,
});

/**
 * `/payments/stripe/*` as seed 003 documents it, each route one Tollgate
 * operation. Members act for their own tenant only (another tenant's id is 403
 * on checkout and the same 404 as an unknown id elsewhere); operators may
 * check out any tenant, set a trial length and read the payment_events ledger.
 */
export function paymentRoutes(deps: Deps, accounts: Accounts, prices: PriceSettings = {}): Hono<Env> {
  const app = new Hono<Env>();
  const fail = (c: Context<Env>, error: AppError) => {
    const param = error.param !== undefined ? (FIELDS[error.param] ?? error.param) : undefined;
    return c.json(errorBody(param !== undefined ? { ...error, param } : error), httpStatus(error.code) as 400);
  };
  const send = <T>(c: Context<Env>, result: Result<T, AppError>, view: (value: T) => unknown) =>
    result.ok ? c.json(view(result.value) as object) : fail(c, result.error);
  const parse = async <S extends z.ZodType>(c: Context<Env>, schema: S): Promise<Result<z.infer<S>, AppError>> => {
    const parsed = schema.safeParse(await c.req.json().catch(() => undefined));
    if (parsed.success) return { ok: true, value: parsed.data };
    const issue = parsed.error.issues[0];
    return { ok: false, error: { code: 'validation_failed', message: issue?.message ?? 'invalid body', param: issue?.path.join('.') || 'body' } };
  };
  const memberTenant = (c: Context<Env>): string | undefined => {
    const p = c.get('principal');
    return p.kind === 'member' ? p.tenantId : undefined;
  };

  app.use('*', async (c: Context<Env>, next: () => Promise<void>) => {
    const principal = accounts.principalOf(c.req.header('authorization'));
    if (!principal) return fail(c, { code: 'unauthenticated', message: 'send Authorization: Bearer <your Agency OS token>' });
    c.set('principal', principal);
    await next();
  });

  app.post('/checkout', async (c) => {
    const body = await parse(c, checkoutBody);
    if (!body.ok) return fail(c, body.error);
    const b = body.value;
    const member = memberTenant(c);
    if (member !== undefined && b.tenant_id !== member)
      return fail(c, { code: 'forbidden', message: 'you may only buy for your own tenant', param: 'tenant_id' });
    // plan_id: a plan name (its price from STRIPE_PRICE_<NAME> when set, else Tollgate's own) or a price id.
    const name = (PLAN_NAMES as readonly string[]).includes(b.plan_id) ? (b.plan_id as (typeof PLAN_NAMES)[number]) : undefined;
    const setting = name !== undefined ? prices[name] : undefined;
    let plan = name;
    let interval: 'month' | 'year' = 'month';
    if (name === undefined || setting !== undefined) {
      const found = await findPlanByPrice(deps, setting ?? b.plan_id, setting !== undefined ? `STRIPE_PRICE_${name?.toUpperCase() ?? ''}` : 'plan_id');
      if (!found.ok) return fail(c, found.error);
      plan = found.value.plan as (typeof PLAN_NAMES)[number];
      interval = found.value.interval;
    }
    if (plan === undefined) return fail(c, { code: 'plan_not_found', message: `no plan "${b.plan_id}"`, param: 'plan_id' });
    // A trial length is a money decision: members get the plan's own; only an operator may set another.
    const planTrial = deps.config.plans[plan]?.trialDays ?? 0;
    if (member !== undefined && b.trial_days !== undefined && b.trial_days !== planTrial) {
      return fail(c, { code: 'forbidden', message: `the ${plan} plan's trial is ${planTrial} days; only an operator may set another`, param: 'trial_days' });
    }
    const created = await createCheckout(deps, {
      customer: b.tenant_id,
      plan,
      interval,
      selfService: member !== undefined,
      successUrl: b.success_url,
      cancelUrl: b.cancel_url,
      metadata: { tenant_id: b.tenant_id },
      ...(b.customer_email !== undefined ? { email: b.customer_email } : {}),
      ...(member === undefined && b.trial_days !== undefined ? { trialDays: b.trial_days } : {}),
    });
    return send(c, created, (s) => ({ id: s.id, url: s.url }));
  });

  app.post('/portal', async (c) => {
    const body = await parse(c, portalBody);
    if (!body.ok) return fail(c, body.error);
    const customer = await getCustomer(deps, body.value.customer_id, 'customer_id');
    const member = memberTenant(c);
    // Another tenant's customer is answered as an unknown one.
    if (!customer.ok || customer.value.externalId === null || (member !== undefined && customer.value.externalId !== member)) {
      return fail(
        c,
        customer.ok
          ? {
              code: 'customer_not_found',
              message: `no customer "${body.value.customer_id}" (a cus_ id of this Stripe account: test and live mode differ)`,
              param: 'customer_id',
            }
          : customer.error,
      );
    }
    return send(c, await createPortalSession(deps, { customer: customer.value.externalId, returnUrl: body.value.return_url }), (s) => ({ url: s.url }));
  });

  // A member's tenant's live subscription, by its id; any other id is 404.
  const ownSubscription = async (c: Context<Env>): Promise<Result<{ tenant: string; subscription: CurrentSubscription }, AppError>> => {
    const tenant = memberTenant(c);
    const id = c.req.param('id') ?? '';
    const missing: AppError = { code: 'subscription_not_found', message: `no subscription "${id}" for your tenant`, param: 'id' };
    if (tenant === undefined)
      return { ok: false, error: { code: 'forbidden', message: "operators read subscriptions through Tollgate's admin API", param: 'id' } };
    const current = await getSubscription(deps, { externalId: tenant });
    if (!current.ok || current.value?.id !== id) return { ok: false, error: missing };
    return { ok: true, value: { tenant, subscription: current.value } };
  };
  app.get('/subscription/:id', async (c) => send(c, await ownSubscription(c), ({ tenant, subscription }) => present(tenant, subscription)));
  app.post('/subscription/:id/cancel', async (c) => {
    const own = await ownSubscription(c);
    if (!own.ok) return fail(c, own.error);
    return send(c, await cancelSubscription(deps, { customer: own.value.tenant }), (s) => present(own.value.tenant, s));
  });

  // The payment_events ledger (every Stripe event as received, once), for operators' audits.
  app.get('/events', async (c) => {
    if (c.get('principal').kind !== 'operator') return fail(c, { code: 'forbidden', message: 'the payment_events ledger is for operators' });
    const limit = Number(c.req.query('limit') ?? '50');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      return fail(c, { code: 'validation_failed', message: 'limit must be a whole number from 1 to 100', param: 'limit' });
    const type = c.req.query('type');
    const events = await listPaymentEvents(deps, { limit, ...(type !== undefined ? { type } : {}) });
    return c.json({
      data: events.map((e) => ({ id: e.id, type: e.type, created: e.created, received_at: e.receivedAt, processed_at: e.processedAt, error: e.error })),
    });
  });
  return app;
}
