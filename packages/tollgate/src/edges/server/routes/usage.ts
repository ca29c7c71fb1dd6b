import { z } from 'zod';
import { snakeSchema } from '../../../core/lib/schema-case.ts';
import { check, checkInput } from '../../../usage/entitlements/check.ts';
import { consume, consumeInput } from '../../../usage/ledger/consume.ts';
import { usageTimestamp } from '../../../usage/ledger/event.ts';
import { getUsage } from '../../../usage/ledger/get-usage.ts';
import { track, trackInput } from '../../../usage/ledger/track.ts';
import { MAX_BATCH_EVENTS, trackBatch } from '../../../usage/ledger/track-batch.ts';
import { defineRoute, type Route } from '../route.ts';

const entitlement = z.object({
  allowed: z.boolean(),
  code: z.enum(['limit_reached', 'feature_not_in_plan', 'subscription_inactive', 'feature_not_found', 'insufficient_credits', 'spend_cap_reached']).optional(),
  feature: z.string(),
  plan: z.string().nullable(),
  limit: z.number().nullable(),
  used: z.number(),
  remaining: z.number().nullable(),
  resets_at: z.string().nullable(),
  unlimited: z.boolean(),
  overage: z.boolean(),
  tier: z
    .object({
      tier: z.number().int(),
      mode: z.enum(['graduated', 'volume']),
      up_to: z.number().int().nullable(),
      unit_amount: z.number().int(),
      flat_amount: z.number().int(),
    })
    .optional()
    .describe("Tiered overage only: the tier (1-based) the window's overage units are priced at now"),
  credits: z
    .object({ system: z.string(), balance: z.number(), cost: z.number(), spent: z.number(), cap: z.number().nullable() })
    .optional()
    .describe('Features priced in credits: the balance they are paid from'),
});
const usageEvent = z.object({
  id: z.string(),
  customer: z.string(),
  feature: z.string(),
  amount: z.number(),
  idempotency_key: z.string(),
  timestamp: z.string(),
  duplicate: z.boolean(),
});

/** A tracked event as a request sends it: the customer comes from the route, a timestamp as text or epoch ms (no Date over JSON). */
const trackBody = snakeSchema(
  trackInput.omit({ customer: true }).extend({
    timestamp: usageTimestamp()
      .optional()
      .describe('When it happened: ISO 8601 with a zone, or epoch milliseconds; from 35 days ago to 5 minutes ahead (default now)'),
  }),
);

const trackRoute = (path: string, summary: string) =>
  defineRoute({
    method: 'post',
    path,
    summary,
    tag: 'Usage',
    auth: 'customer',
    body: trackBody,
    response: usageEvent,
    example: { body: { customer: 'user_123', feature: 'messages', amount: 1, idempotency_key: 'msg_42' } },
    handler: ({ deps, input }) => track(deps, input),
  });

/** Entitlement checks and metered usage (src/entitlements, src/usage). */
export const usageRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: 'check',
    summary: 'May the customer use this feature (amount units) now? Reads the local mirror, never Stripe',
    tag: 'Usage',
    auth: 'customer',
    body: snakeSchema(checkInput.pick({ feature: true, amount: true })),
    response: entitlement,
    example: { body: { customer: 'user_123', feature: 'messages', amount: 1 } },
    handler: ({ deps, input }) => check(deps, input),
  }),
  defineRoute({
    method: 'get',
    path: 'usage',
    summary: 'Where the customer stands on every metered feature and gauge (for a usage meter)',
    tag: 'Usage',
    auth: 'customer',
    response: z.object({ customer: z.string(), plan: z.string().nullable(), features: z.array(entitlement) }),
    example: { query: { customer: 'user_123' } },
    handler: ({ deps, customer }) => getUsage(deps, { customer }),
  }),
  trackRoute('track', 'Record usage that happened (never refused; use consume to enforce a limit)'),
  trackRoute('usage/record', 'Record usage (same as POST track)'),
  defineRoute({
    method: 'post',
    path: 'track/batch',
    summary: `Record up to ${MAX_BATCH_EVENTS} events for the customer in one call (all or nothing)`,
    tag: 'Usage',
    auth: 'customer',
    body: z.object({ events: z.array(trackBody).min(1).max(MAX_BATCH_EVENTS) }),
    response: z.object({ events: z.array(usageEvent), recorded: z.number(), duplicates: z.number() }),
    example: { body: { customer: 'user_123', events: [{ feature: 'messages', amount: 2, idempotency_key: 'b1' }] } },
    handler: ({ deps, input: { customer, events } }) =>
      trackBatch(
        deps,
        events.map((event) => ({ ...event, customer })),
      ),
  }),
  defineRoute({
    method: 'post',
    path: 'consume',
    summary:
      'Check and record in one atomic step; refused with 403 limit_reached and resets_at (a feature priced in credits: 402 insufficient_credits or 403 spend_cap_reached)',
    tag: 'Usage',
    auth: 'customer',
    body: snakeSchema(consumeInput.omit({ customer: true, subscription: true })),
    response: entitlement.extend({ event: usageEvent }),
    example: { body: { customer: 'user_123', feature: 'messages', amount: 1, idempotency_key: 'msg_43' } },
    handler: ({ deps, input }) => consume(deps, input),
  }),
];
