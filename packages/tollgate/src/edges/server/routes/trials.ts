import { z } from 'zod';
import { ok } from '../../../core/lib/result.ts';
import { snakeSchema } from '../../../core/lib/schema-case.ts';
import { startTrial, startTrialInput } from '../../../commands/subscriptions/start-trial.ts';
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
    body: snakeSchema(startTrialInput.pick({ plan: true, interval: true })),
    response: z.object({ subscription: subscriptionSchema }),
    example: { body: { customer: 'user_123', plan: 'pro' } },
    async handler({ deps, input, principal }) {
      const started = await startTrial(deps, { ...input, selfService: !principal.admin });
      return started.ok ? ok({ subscription: presentSubscription(started.value) }) : started;
    },
  }),
];
