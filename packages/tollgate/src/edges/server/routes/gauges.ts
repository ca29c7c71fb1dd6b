import { z } from 'zod';
import { INPUT_LIMITS, text } from '../../../core/lib/input.ts';
import { decrementGauge } from '../../../usage/ledger/decrement-gauge.ts';
import { incrementGauge } from '../../../usage/ledger/increment-gauge.ts';
import { reverseUsage } from '../../../usage/ledger/reverse.ts';
import { setGauge } from '../../../usage/ledger/set-gauge.ts';
import { customerField, defineRoute, type Route } from '../route.ts';

/*
 * Writes that move what a customer is allowed or billed for in their favour
 * (a gauge down, usage taken back) belong to the app's server: secret key only.
 */
const gauge = text(INPUT_LIMITS.key).describe('A gauge feature key from the config, e.g. "agents"');
const step = z.number().int().min(1).max(1_000_000_000).optional().describe('Units (default 1)');
const gaugeValue = z.object({
  customer: z.string(),
  feature: z.string(),
  value: z.number(),
  limit: z.number().nullable(),
  duplicate: z.boolean().describe('True when this answers a retried idempotency key: nothing moved this time'),
});
const moveKey = text(INPUT_LIMITS.id).optional().describe('Makes a retry safe: the same key (per customer) moves the gauge once and answers that move again');

const moveRoute = (verb: 'increment' | 'decrement', summary: string) =>
  defineRoute({
    method: 'post',
    path: `gauges/${verb}`,
    summary,
    tag: 'Usage',
    auth: 'secret',
    body: z.object({ customer: customerField, feature: gauge, amount: step, idempotency_key: moveKey }),
    response: gaugeValue,
    example: { body: { customer: 'user_123', feature: 'agents', amount: 1, idempotency_key: 'agent_42_created' } },
    handler: ({ deps, body }) => {
      const input = {
        customer: body.customer,
        feature: body.feature,
        ...(body.amount !== undefined ? { amount: body.amount } : {}),
        ...(body.idempotency_key !== undefined ? { idempotencyKey: body.idempotency_key } : {}),
      };
      return verb === 'increment' ? incrementGauge(deps, input) : decrementGauge(deps, input);
    },
  });

/** Gauges (agents created and deleted) and reversal of tracked usage. */
export const gaugeRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: 'gauges/set',
    summary:
      "Set a gauge to the app's own count (idempotent: the way to resynchronise); a value above the plan's cap is recorded, and check then answers limit_reached",
    tag: 'Usage',
    auth: 'secret',
    body: z.object({ customer: customerField, feature: gauge, value: z.number().int().min(0).max(1_000_000_000).describe('The new value') }),
    response: gaugeValue,
    example: { body: { customer: 'user_123', feature: 'agents', value: 3 } },
    handler: ({ deps, body }) => setGauge(deps, { customer: body.customer, feature: body.feature, amount: body.value }),
  }),
  moveRoute('increment', "Raise a gauge (an agent was created); refused with 403 limit_reached past the plan's cap, atomically"),
  moveRoute('decrement', 'Lower a gauge (an agent was deleted); never below zero'),
  defineRoute({
    method: 'post',
    path: 'usage/reverse',
    summary: "Take back a tracked or consumed event by its idempotency key: a reversal event in the original's window (once)",
    tag: 'Usage',
    auth: 'secret',
    body: z.object({ customer: customerField, idempotency_key: text(INPUT_LIMITS.id).describe('The key the event was recorded with') }),
    example: { body: { customer: 'user_123', idempotency_key: 'msg_42' } },
    handler: ({ deps, body }) => reverseUsage(deps, { customer: body.customer, idempotencyKey: body.idempotency_key }),
  }),
];
