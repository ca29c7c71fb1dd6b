import express, { type NextFunction, type Request, type Response, Router } from 'express';
import {
  type AppError,
  cancelSubscription,
  createCheckout,
  createPortalSession,
  type Deps,
  errorBody,
  findPlanByPrice,
  getSubscription,
  httpStatus,
  listInvoices,
  listPaymentMethods,
  recordItemUsage,
  type Result,
  resumeSubscription,
} from 'tollgate';
import { presentCancel, presentInvoices, presentPaymentMethods, presentSubscription, presentUsageRecord } from './presenters.ts';
import { type User, userOf, type Users } from './users.ts';

// The library names fields in camelCase; the seed's clients sent snake_case. Errors name the field the client sent.
const FIELDS: Record<string, string> = {
  priceId: 'price_id',
  successUrl: 'success_url',
  cancelUrl: 'cancel_url',
  returnUrl: 'return_url',
  subscriptionItem: 'subscription_item_id',
  idempotencyKey: 'idempotency-key',
};

function fail(res: Response, error: AppError): void {
  const param = error.param !== undefined ? (FIELDS[error.param] ?? error.param) : undefined;
  res.status(httpStatus(error.code)).json(errorBody(param !== undefined ? { ...error, param } : error));
}

function send<T>(res: Response, result: Result<T, AppError>, present: (value: T) => unknown): void {
  if (result.ok) res.json(present(result.value));
  else fail(res, result.error);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const json = express.json({ limit: '64kb' });
const userKey = Symbol('user');
const user = (res: Response): User => res.locals[userKey as unknown as string] as User;

/**
 * Seed 001's nine billing endpoints with its request and response shapes
 * (the webhook is Tollgate's own route, mounted by app.ts at the same path).
 * Each route: the signed-in user (never an id from the request), one Tollgate
 * operation, the seed's shape. The body is parsed per route, so the webhook's
 * raw bytes reach Tollgate untouched.
 */
export function billingRoutes(deps: Deps, users: Users): Router {
  const router = Router();
  const signedIn = (req: Request, res: Response, next: NextFunction) => {
    const found = userOf(users, req.headers.authorization);
    if (!found) return fail(res, { code: 'unauthenticated', message: 'send Authorization: Bearer <token>' });
    res.locals[userKey as unknown as string] = found;
    next();
  };

  // The front end sends a price id; only the price of a plan on offer is accepted, and the plan's
  // own terms (trial, overage items) come from the config, not from the browser.
  router.post('/checkout/session', signedIn, json, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const plan = await findPlanByPrice(deps, body.price_id, 'price_id');
    if (!plan.ok) return fail(res, plan.error);
    const created = await createCheckout(deps, {
      customer: user(res).id,
      email: user(res).email,
      selfService: true,
      plan: plan.value.plan,
      interval: plan.value.interval,
      successUrl: str(body.success_url) ?? '',
      cancelUrl: str(body.cancel_url) ?? '',
    });
    send(res, created, (s) => ({ session_id: s.id, url: s.url }));
  });

  router.get('/subscription', signedIn, async (_req: Request, res: Response) => {
    const current = await getSubscription(deps, { externalId: user(res).id });
    if (current.ok && current.value === null) return fail(res, { code: 'subscription_not_found', message: 'no active subscription' });
    if (!current.ok && current.error.code === 'customer_not_found') return fail(res, { code: 'subscription_not_found', message: 'no active subscription' });
    send(res, current, (s) => (s ? presentSubscription(deps.config, s) : null));
  });

  router.post('/subscription/cancel', signedIn, async (_req: Request, res: Response) =>
    send(res, await cancelSubscription(deps, { customer: user(res).id }), presentCancel),
  );
  router.post('/subscription/resume', signedIn, async (_req: Request, res: Response) =>
    send(res, await resumeSubscription(deps, { customer: user(res).id }), (s) => presentSubscription(deps.config, s)),
  );

  router.get('/payment-methods', signedIn, async (_req: Request, res: Response) => {
    const list = await listPaymentMethods(deps, { externalId: user(res).id });
    send(res, !list.ok && list.error.code === 'customer_not_found' ? { ok: true, value: [] } : list, presentPaymentMethods);
  });

  router.get('/invoices', signedIn, async (req: Request, res: Response) => {
    const raw = str(req.query.limit);
    const limit = raw === undefined ? 10 : /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isNaN(limit) || limit < 1 || limit > 100)
      return fail(res, { code: 'validation_failed', message: 'limit must be a whole number from 1 to 100', param: 'limit' });
    const list = await listInvoices(deps, { externalId: user(res).id, limit });
    send(res, !list.ok && list.error.code === 'customer_not_found' ? { ok: true, value: [] } : list, presentInvoices);
  });

  // Stripe's legacy usage records are gone; recordItemUsage takes the same fields and tracks them as
  // the item's feature (which reaches Stripe as Billing Meter events). An Idempotency-Key header makes
  // a retried request count once.
  router.post('/usage/record', signedIn, json, async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const item = str(req.query.subscription_item_id) ?? '';
    const key = req.headers['idempotency-key'];
    const recorded = await recordItemUsage(deps, {
      customer: user(res).id,
      subscriptionItem: item,
      quantity: body.quantity as number,
      ...(body.timestamp !== undefined ? { timestamp: body.timestamp as number } : {}),
      ...(body.action !== undefined ? { action: body.action as string } : {}),
      ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
    });
    send(res, recorded, (event) => presentUsageRecord(event, item));
  });

  router.get('/portal', signedIn, async (req: Request, res: Response) =>
    send(res, await createPortalSession(deps, { customer: user(res).id, returnUrl: str(req.query.return_url) ?? '' }), (s) => ({ url: s.url })),
  );
  return router;
}
