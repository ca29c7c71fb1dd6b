import { z } from 'zod';
import { snakeSchema } from '../../../core/lib/schema-case.ts';
import { decrementGauge } from '../../../usage/ledger/decrement-gauge.ts';
import { gaugeInput } from '../../../usage/ledger/gauge.ts';
import { incrementGauge } from '../../../usage/ledger/increment-gauge.ts';
import { reverseUsage, reverseUsageInput } from '../../../usage/ledger/reverse.ts';
import { setGauge, setGaugeInput } from '../../../usage/ledger/set-gauge.ts';
import { customerField, defineRoute, type Route } from '../route.ts';

/*
 * Writes that move what a customer is allowed or billed for in their favour
 * (a gauge down, usage taken back) belong to the app's server: secret key only.
 */
const gaugeValue = z.object({
  customer: z.string(),
  feature: z.string(),
  value: z.number(),
  limit: z.number().nullable(),
  duplicate: z.boolean().describe('True when this answers a retried idempotency key: nothing moved this time'),
});

const moveRoute = (verb: 'increment' | 'decrement', summary: string) =>
  defineRoute({
    method: 'post',
    path: `gauges/${verb}`,
    summary,
    tag: 'Usage',
    auth: 'secret',
    body: snakeSchema(gaugeInput.omit({ subscription: true }).extend({ customer: customerField })),
    response: gaugeValue,
    example: { body: { customer: 'user_123', feature: 'agents', amount: 1, idempotency_key: 'agent_42_created' } },
    handler: ({ deps, input }) => (verb === 'increment' ? incrementGauge(deps, input) : decrementGauge(deps, input)),
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
    // The request names the new value `value`; the operation, `amount`.
    body: z.object({ customer: customerField, feature: setGaugeInput.shape.feature, value: setGaugeInput.shape.amount }),
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
    body: snakeSchema(reverseUsageInput.extend({ customer: customerField })),
    example: { body: { customer: 'user_123', idempotency_key: 'msg_42' } },
    handler: ({ deps, input }) => reverseUsage(deps, input),
  }),
];
