import { type Context, Hono } from 'hono';
import {
  type AppError,
  cancelSubscription,
  changePlan,
  createCheckout,
  createPortalSession,
  createPurchaseCheckout,
  type Deps,
  errorBody,
  httpStatus,
  previewPlanChange,
  type Result,
  getSubscription,
  resumeSubscription,
  syncCheckoutSession,
} from 'tollgate';

/**
 * The billing routes a SaaS app adds next to its own, using Tollgate as a
 * library. `userOf` is the app's authentication: it reads the request and returns the signed-in
 * user's (or organisation's) id, which Tollgate uses as the customer id.
 */
export function billingRoutes(
  deps: Deps,
  options: { appUrl: string; userOf: (request: Request) => string | undefined; tenantOf?: (request: Request) => string | undefined },
) {
  const app = new Hono();
  const send = <T>(c: Context, result: Result<T, AppError>) =>
    result.ok ? c.json(result.value as object) : c.json(errorBody(result.error), httpStatus(result.error.code) as 400);
  const body = async (c: Context): Promise<Record<string, unknown>> => {
    const parsed: unknown = await c.req.json().catch(() => ({}));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  };
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const interval = (v: unknown): 'month' | 'year' | undefined => (v === 'year' ? 'year' : v === 'month' ? 'month' : undefined);

  app.use('/billing/*', async (c, next) => {
    if (!options.userOf(c.req.raw)) return c.json({ error: { code: 'unauthenticated', message: 'sign in first' } }, 401);
    await next();
  });
  const customer = (c: Context) => options.userOf(c.req.raw) ?? '';

  // Seed 003 passes the tenant as metadata; it ends up on the session and the subscription.
  app.post('/billing/checkout', async (c) => {
    const b = await body(c);
    const tenant = options.tenantOf?.(c.req.raw);
    const i = interval(b.interval);
    const seats = num(b.seats);
    return send(
      c,
      await createCheckout(deps, {
        customer: customer(c),
        // The browser chose the plan: only plans the config offers (no hidden ones). The tenant below is the server's.
        selfService: true,
        plan: str(b.plan) ?? '',
        ...(i ? { interval: i } : {}),
        ...(seats !== undefined ? { seats } : {}),
        successUrl: `${options.appUrl}/billing/success?session={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${options.appUrl}/pricing`,
        ...(tenant ? { metadata: { tenant } } : {}),
      }),
    );
  });

  // Seed 004's marketplace: buy an agent template once.
  app.post('/billing/buy', async (c) => {
    const b = await body(c);
    return send(
      c,
      await createPurchaseCheckout(deps, {
        customer: customer(c),
        product: str(b.product) ?? '',
        successUrl: `${options.appUrl}/billing/success?session={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${options.appUrl}/marketplace`,
      }),
    );
  });

  // The success page shows the new plan before the webhook arrives. The session id comes from the
  // browser, so Tollgate is told whose it must be (another user's session is a 404, and nothing of it
  // is applied or shown), and the answer is the signed-in user's own subscription, as the app shows it.
  app.get('/billing/success', async (c) => {
    const synced = await syncCheckoutSession(deps, c.req.query('session') ?? '', { customer: customer(c) });
    if (!synced.ok) return send(c, synced);
    const current = await getSubscription(deps, { externalId: customer(c) });
    if (!current.ok) return send(c, current);
    const s = current.value;
    return c.json({
      checkout: { id: synced.value.id, status: synced.value.status, payment_status: synced.value.paymentStatus },
      subscription: s && {
        id: s.id,
        plan: s.planKey,
        status: s.status,
        interval: s.interval,
        seats: s.quantity,
        amount: s.amount,
        currency: s.currency,
        current_period_end: s.currentPeriodEnd?.toISOString() ?? null,
        trial_end: s.trialEnd?.toISOString() ?? null,
        cancel_at_period_end: s.cancelAtPeriodEnd,
      },
    });
  });
  app.post('/billing/portal', async (c) =>
    send(c, await createPortalSession(deps, { customer: customer(c), returnUrl: `${options.appUrl}/settings/billing` })),
  );

  app.post('/billing/plan/preview', async (c) => {
    const b = await body(c);
    const i = interval(b.interval);
    return send(c, await previewPlanChange(deps, { customer: customer(c), selfService: true, plan: str(b.plan) ?? '', ...(i ? { interval: i } : {}) }));
  });
  app.post('/billing/plan', async (c) => {
    const b = await body(c);
    const i = interval(b.interval);
    return send(c, await changePlan(deps, { customer: customer(c), selfService: true, plan: str(b.plan) ?? '', ...(i ? { interval: i } : {}) }));
  });
  app.post('/billing/cancel', async (c) => send(c, await cancelSubscription(deps, { customer: customer(c) })));
  app.post('/billing/resume', async (c) => send(c, await resumeSubscription(deps, { customer: customer(c) })));
  return app;
}
