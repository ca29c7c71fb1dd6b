import { z } from 'zod';
import { INPUT_LIMITS, text } from '../../../core/lib/input.ts';
import { ok } from '../../../core/lib/result.ts';
import { startTrial } from '../../../commands/subscriptions/start-trial.ts';
import { presentSubscription, subscriptionSchema } from '../present.ts';
import { defineRoute, type Route } from '../route.ts';

/** A free trial with no Checkout and no card: its length and end come from the config only (src/subscriptions/start-trial.ts). */
export const trialRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: 'subscription/trial',
    summary: "Start a plan's free trial without a card (plans with trialWithoutCard; first-time subscribers only)",
    tag: 'Subscription',
    auth: 'customer',
    status: 201,
    body: z.object({
      plan: text(INPUT_LIMITS.key).describe('A plan key whose config has trialDays and trialWithoutCard'),
      interval: z.enum(['month', 'year']).optional(),
    }),
    response: z.object({ subscription: subscriptionSchema }),
    example: { body: { customer: 'user_123', plan: 'pro' } },
    async handler({ deps, customer, body, principal }) {
      const started = await startTrial(deps, {
        customer,
        plan: body.plan,
        selfService: !principal.admin,
        ...(body.interval ? { interval: body.interval } : {}),
      });
      return started.ok ? ok({ subscription: presentSubscription(started.value) }) : started;
    },
  }),
];
