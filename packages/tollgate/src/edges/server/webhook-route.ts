import type { Hono } from 'hono';
import type { Deps } from '../../core/lib/deps.ts';
import { appError } from '../../core/lib/errors.ts';
import { createWebhookHandler } from '../../stripe-in/webhooks/handler.ts';
import { honoError } from './errors.ts';
import type { AppEnv } from './request-id.ts';
import { BASE_PATH } from './route.ts';

export type WebhookSecret = string | string[] | (() => string | string[] | undefined);

export const WEBHOOK_PATH = `${BASE_PATH}/webhook`;

/**
 * `POST /api/v1/billing/webhook`: Stripe's events, authenticated by Stripe's
 * signature (not by a Tollgate credential), handled by src/webhooks. The
 * secret may arrive after start-up (dev registers the endpoint with the emulator).
 */
export function mountWebhook(app: Hono<AppEnv>, deps: Deps, secret: WebhookSecret | undefined, maxBodyBytes: number): void {
  let handler: ((request: Request) => Promise<Response>) | undefined;
  let handlerSecret: string | string[] | undefined;
  app.post(WEBHOOK_PATH, (c) => {
    const current = typeof secret === 'function' ? secret() : secret;
    if (current === undefined || current.length === 0) {
      return honoError(c, appError('stripe_unavailable', 'STRIPE_WEBHOOK_SECRET is not set on this server'));
    }
    if (!handler || handlerSecret !== current) {
      handler = createWebhookHandler(deps, { secret: current, maxBodyBytes });
      handlerSecret = current;
    }
    return handler(c.req.raw);
  });
}

export const webhookOpenApi = {
  [WEBHOOK_PATH]: {
    post: {
      operationId: 'post_webhook',
      summary: 'Stripe webhook endpoint (verified by the Stripe-Signature header; no Tollgate credential)',
      tags: ['Webhooks'],
      security: [],
      parameters: [{ name: 'stripe-signature', in: 'header', required: true, schema: { type: 'string' } }],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', description: 'A Stripe event' } } } },
      responses: {
        '200': { description: 'Stored (processed, duplicate or unhandled type)' },
        '400': { $ref: '#/components/responses/Error' },
        '500': { description: 'A transient failure: Stripe retries' },
      },
    },
  },
};
