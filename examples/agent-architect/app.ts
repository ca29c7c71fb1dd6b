import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { type AppError, createCheckout, createWebhookHandler, type Deps, errorBody, getSubscription, getUsage, httpStatus, type Result } from 'tollgate';
import type { Orgs } from './orgs.ts';
import type { Pipeline } from './pipeline.ts';

export interface ArchitectAppOptions {
  appUrl: string;
  orgs: Orgs;
  pipeline: Pipeline;
  /** STRIPE_WEBHOOK_SECRET, read on each delivery. */
  webhookSecret: () => string | undefined;
}

const leadBody = z.strictObject({
  id: z.string().min(1).max(255),
  email: z.email().max(512),
  company: z.string().max(500).optional(),
  score: z.number().int().min(0).max(100),
});
const checkoutBody = z.strictObject({ plan: z.enum(['starter', 'growth']) });

/**
 * The pipeline's HTTP side: lead sources post leads with their org's API key;
 * the org's billing pages read and start its plan; Stripe posts to the seed's
 * webhook path. Every route acts for the org of the key, and only for it.
 */
export function createArchitectApp(deps: Deps, options: ArchitectAppOptions): Hono<{ Variables: { org: string } }> {
  const app = new Hono<{ Variables: { org: string } }>();
  const fail = (c: Context, error: AppError) => c.json(errorBody(error), httpStatus(error.code) as 400);
  const send = <T>(c: Context, result: Result<T, AppError>) => (result.ok ? c.json(result.value as object) : fail(c, result.error));
  const body = async <S extends z.ZodType>(c: Context, schema: S): Promise<Result<z.infer<S>, AppError>> => {
    const parsed = schema.safeParse(await c.req.json().catch(() => undefined));
    if (parsed.success) return { ok: true, value: parsed.data };
    const issue = parsed.error.issues[0];
    return { ok: false, error: { code: 'validation_failed', message: issue?.message ?? 'invalid body', param: issue?.path.join('.') || 'body' } };
  };

  let webhook: { secret: string; handle: (request: Request) => Promise<Response> } | undefined;
  app.post('/api/webhooks/stripe', (c) => {
    const secret = options.webhookSecret();
    if (!secret) return fail(c, { code: 'stripe_unavailable', message: 'STRIPE_WEBHOOK_SECRET is not set' });
    if (webhook?.secret !== secret) webhook = { secret, handle: createWebhookHandler(deps, { secret }) };
    return webhook.handle(c.req.raw);
  });

  app.use('/api/leads', orgKey);
  app.use('/api/billing/*', orgKey);
  async function orgKey(c: Context<{ Variables: { org: string } }>, next: () => Promise<void>) {
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    const org = match?.[1] ? options.orgs.byKey(match[1]) : undefined;
    if (!org) return fail(c, { code: 'unauthenticated', message: "send Authorization: Bearer <the org's API key>" });
    c.set('org', org);
    await next();
  }

  app.post('/api/leads', async (c) => {
    const lead = await body(c, leadBody);
    if (!lead.ok) return fail(c, lead.error);
    return send(c, await options.pipeline.receive(c.get('org'), lead.value));
  });
  app.get('/api/billing/usage', async (c) => send(c, await getUsage(deps, { customer: c.get('org') })));
  app.get('/api/billing/subscription', async (c) => {
    const current = await getSubscription(deps, { externalId: c.get('org') });
    return current.ok || current.error.code !== 'customer_not_found' ? send(c, current) : c.json(null);
  });
  app.post('/api/billing/checkout', async (c) => {
    const choice = await body(c, checkoutBody);
    if (!choice.ok) return fail(c, choice.error);
    return send(
      c,
      await createCheckout(deps, {
        customer: c.get('org'),
        selfService: true,
        plan: choice.value.plan,
        successUrl: `${options.appUrl}/billing/done?session={CHECKOUT_SESSION_ID}`,
        cancelUrl: `${options.appUrl}/pricing`,
      }),
    );
  });
  return app;
}
