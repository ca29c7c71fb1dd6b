import { z } from 'zod';
import { ok } from '../../lib/result.ts';
import { createWebhookEndpoint, disableWebhookEndpoint, listWebhookEndpoints } from '../../outbound/endpoints.ts';
import { defineRoute, type Route } from '../route.ts';
import { INPUT_LIMITS, text } from '../../lib/input.ts';

const endpoint = z.object({ id: z.string(), url: z.string(), events: z.array(z.string()), created_at: z.string(), disabled_at: z.string().nullable() });

/** The app's endpoints for signed outbound webhooks (src/outbound). Admin: secret key only. */
export const webhookEndpointRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: 'webhook-endpoints',
    summary: 'Register an endpoint; the answer carries its signing secret (shown once)',
    tag: 'Outbound webhooks',
    auth: 'secret',
    status: 201,
    body: z.object({ url: z.url().max(INPUT_LIMITS.url), events: z.array(text(100)).max(50).optional().describe('Hook types; all when absent') }),
    response: endpoint.extend({ secret: z.string() }),
    example: { body: { url: 'https://app.example/tollgate/webhooks', events: ['subscription.activated', 'payment.failed'] } },
    handler: ({ deps, body }) => createWebhookEndpoint(deps, { url: body.url, ...(body.events ? { events: body.events } : {}) }),
  }),
  defineRoute({
    method: 'get',
    path: 'webhook-endpoints',
    summary: 'List enabled endpoints',
    tag: 'Outbound webhooks',
    auth: 'secret',
    response: z.object({ data: z.array(endpoint) }),
    example: {},
    async handler({ deps }) {
      return ok({ data: (await listWebhookEndpoints(deps)).map(({ secret: _secret, ...rest }) => rest) });
    },
  }),
  defineRoute({
    method: 'post',
    path: 'webhook-endpoints/disable',
    summary: 'Stop delivering to an endpoint',
    tag: 'Outbound webhooks',
    auth: 'secret',
    body: z.object({ id: text(INPUT_LIMITS.id) }),
    response: endpoint,
    example: { body: { id: 'whe_01J...' } },
    async handler({ deps, body }) {
      const disabled = await disableWebhookEndpoint(deps, { id: body.id });
      if (!disabled.ok) return disabled;
      const { secret: _secret, ...rest } = disabled.value;
      return ok(rest);
    },
  }),
];
