import { z } from 'zod';
import { check } from '../../../usage/entitlements/check.ts';
import { consume } from '../../../usage/ledger/consume.ts';
import { getUsage } from '../../../usage/ledger/get-usage.ts';
import { track } from '../../../usage/ledger/track.ts';
import { MAX_BATCH_EVENTS, trackBatch } from '../../../usage/ledger/track-batch.ts';
import { defineRoute, type Route } from '../route.ts';
import { INPUT_LIMITS, text } from '../../../core/lib/input.ts';

const feature = text(INPUT_LIMITS.key).describe('A feature key from the config, e.g. "messages"');
const amount = z.number().int().min(1).max(1_000_000_000).optional().describe('Units (default 1)');
const idempotencyKey = text(INPUT_LIMITS.id)
  .optional()
  .describe(
    'Deduplicates retries: a repeat returns the original record; the key reused with another feature, amount or properties is 409 idempotency_conflict',
  );
const properties = z
  .record(text(INPUT_LIMITS.key), z.unknown())
  .optional()
  .describe('Your own data, stored with the event (at most 4 KB of JSON, nested at most 16 deep)');

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

const trackBody = z.object({
  feature,
  amount,
  idempotency_key: idempotencyKey,
  timestamp: z
    .union([text(40), z.number().int()])
    .optional()
    .describe('When it happened: ISO 8601 with a zone, or epoch milliseconds; from 35 days ago to 5 minutes ahead (default now)'),
  properties,
});

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
    handler: ({ deps, customer, body }) =>
      track(deps, {
        customer,
        feature: body.feature,
        ...(body.amount !== undefined ? { amount: body.amount } : {}),
        ...(body.idempotency_key !== undefined ? { idempotencyKey: body.idempotency_key } : {}),
        ...(body.timestamp !== undefined ? { timestamp: body.timestamp } : {}),
        ...(body.properties !== undefined ? { properties: body.properties } : {}),
      }),
  });

/** Entitlement checks and metered usage (src/entitlements, src/usage). */
export const usageRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: 'check',
    summary: 'May the customer use this feature (amount units) now? Reads the local mirror, never Stripe',
    tag: 'Usage',
    auth: 'customer',
    body: z.object({ feature, amount: z.number().int().min(0).max(1_000_000_000).optional().describe('Units about to be used (default 1)') }),
    response: entitlement,
    example: { body: { customer: 'user_123', feature: 'messages', amount: 1 } },
    handler: ({ deps, customer, body }) => check(deps, { customer, feature: body.feature, ...(body.amount !== undefined ? { amount: body.amount } : {}) }),
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
    handler: ({ deps, customer, body }) =>
      trackBatch(
        deps,
        body.events.map((e) => ({
          customer,
          feature: e.feature,
          ...(e.amount !== undefined ? { amount: e.amount } : {}),
          ...(e.idempotency_key !== undefined ? { idempotencyKey: e.idempotency_key } : {}),
          ...(e.timestamp !== undefined ? { timestamp: e.timestamp } : {}),
          ...(e.properties !== undefined ? { properties: e.properties } : {}),
        })),
      ),
  }),
  defineRoute({
    method: 'post',
    path: 'consume',
    summary:
      'Check and record in one atomic step; refused with 403 limit_reached and resets_at (a feature priced in credits: 402 insufficient_credits or 403 spend_cap_reached)',
    tag: 'Usage',
    auth: 'customer',
    body: z.object({ feature, amount, idempotency_key: idempotencyKey, properties }),
    response: entitlement.extend({ event: usageEvent }),
    example: { body: { customer: 'user_123', feature: 'messages', amount: 1, idempotency_key: 'msg_43' } },
    handler: ({ deps, customer, body }) =>
      consume(deps, {
        customer,
        feature: body.feature,
        ...(body.amount !== undefined ? { amount: body.amount } : {}),
        ...(body.idempotency_key !== undefined ? { idempotencyKey: body.idempotency_key } : {}),
        ...(body.properties !== undefined ? { properties: body.properties } : {}),
      }),
  }),
];
