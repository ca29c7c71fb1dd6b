import { z } from 'zod';
import { ok } from '../../../core/lib/result.ts';
import {
  createWebhookEndpoint,
  createWebhookEndpointInput,
  disableWebhookEndpoint,
  disableWebhookEndpointInput,
  listWebhookEndpoints,
} from '../../../notify/outbound/endpoints.ts';
import { listWebhookDeliveries, replayWebhooks } from '../../../notify/outbound/replay.ts';
import { defineRoute, type Route } from '../route.ts';
import { text } from '../../../core/lib/input.ts';

const endpoint = z.object({ id: z.string(), url: z.string(), events: z.array(z.string()), created_at: z.string(), disabled_at: z.string().nullable() });

/** The app's endpoints for signed outbound webhooks (src/outbound). Admin: secret key only. */
export const webhookEndpointRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: 'webhook-endpoints',
    summary: 'Register an endpoint; the answer carries its signing secret (shown once). It receives messages from its creation on, or from replay_since',
    tag: 'Outbound webhooks',
    auth: 'secret',
    status: 201,
    body: createWebhookEndpointInput.extend({
      replay_since: z.iso
        .datetime({ offset: true })
        .optional()
        .describe('Also send the messages created since this instant (default: none before the endpoint)'),
    }),
    response: endpoint.extend({ secret: z.string(), replayed: z.number().int() }),
    example: { body: { url: 'https://app.example/tollgate/webhooks', events: ['subscription.activated', 'payment.failed'] } },
    async handler({ deps, body }) {
      const created = await createWebhookEndpoint(deps, { url: body.url, events: body.events });
      if (!created.ok || body.replay_since === undefined) return created.ok ? ok({ ...created.value, replayed: 0 }) : created;
      const replay = await replayWebhooks(deps, { endpointId: created.value.id, since: new Date(body.replay_since) });
      return ok({ ...created.value, replayed: replay.ok ? replay.value.replayed : 0 });
    },
  }),
  defineRoute({
    method: 'post',
    path: 'webhook-endpoints/replay',
    summary: 'Send messages to an endpoint again now, each with the full retry schedule: failed (given up), since an instant, or by message id',
    tag: 'Outbound webhooks',
    auth: 'secret',
    body: z.object({
      id: text(100).describe('The endpoint'),
      failed: z.literal(true).optional().describe('Every delivery given up after its last retry'),
      since: z.iso.datetime({ offset: true }).optional().describe('Every message created since this instant'),
      message_ids: z.array(text(100)).min(1).max(1000).optional().describe('These messages (the webhook-id header the endpoint received)'),
    }),
    response: z.object({ replayed: z.number().int(), missing: z.array(z.string()) }),
    example: { body: { id: 'whe_01J...', failed: true } },
    handler: ({ deps, body }) =>
      replayWebhooks(deps, { endpointId: body.id, failed: body.failed, since: body.since ? new Date(body.since) : undefined, messageIds: body.message_ids }),
  }),
  defineRoute({
    method: 'get',
    path: 'webhook-endpoints/deliveries',
    summary: "An endpoint's deliveries, newest first; failed=true keeps those given up after the last retry (replayable)",
    tag: 'Outbound webhooks',
    auth: 'secret',
    query: z.object({
      id: z.string().min(1).max(100),
      failed: z.enum(['true', 'false']).optional(),
      limit: z.coerce.number().int().min(1).max(500).optional(),
    }),
    response: z.object({
      data: z.array(
        z.object({
          message_id: z.string(),
          type: z.string(),
          attempts: z.number().int(),
          last_status: z.number().int().nullable(),
          last_error: z.string().nullable(),
          delivered_at: z.string().nullable(),
          failed_at: z.string().nullable(),
        }),
      ),
    }),
    example: { query: { id: 'whe_01J...', failed: 'true' } },
    async handler({ deps, query }) {
      const rows = await listWebhookDeliveries(deps, { endpointId: query.id, failed: query.failed === 'true', ...(query.limit ? { limit: query.limit } : {}) });
      return ok({
        data: rows.map((d) => ({
          messageId: d.sourceId,
          type: d.type,
          attempts: d.attempts,
          lastStatus: d.lastStatus,
          lastError: d.lastError,
          deliveredAt: d.deliveredAt,
          failedAt: d.failedAt,
        })),
      });
    },
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
    body: disableWebhookEndpointInput,
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
