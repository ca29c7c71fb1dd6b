import type { Subscription } from '../client/types.ts';
import type { ScheduledChange } from '../provider.tsx';

/** What is decided for the subscription's future, as components show it. */
export interface Scheduled {
  kind: 'plan_change' | 'cancel';
  /** The plan after it; for a cancel, the engine's default (free) plan, or null without one. */
  plan: string | null;
  /** ISO date when it takes effect. */
  at: string;
}

/**
 * The engine's read first (`scheduled_change`: a downgrade at period end made
 * anywhere, the portal included, or a cancel at period end); a change this
 * provider just made stands in until the read catches up.
 */
export function scheduledOf(subscription: Subscription, remembered: ScheduledChange | undefined): Scheduled | undefined {
  const server = subscription.scheduled_change;
  if (server) return { kind: server.kind, plan: server.plan_key, at: server.at };
  if (subscription.cancel_at_period_end || subscription.cancel_at) {
    const at = subscription.cancel_at ?? subscription.current_period_end;
    if (at) return { kind: 'cancel', plan: null, at };
  }
  if (remembered && remembered.subscriptionId === subscription.id && remembered.plan !== subscription.plan_key) {
    return { kind: 'plan_change', plan: remembered.plan, at: remembered.effectiveAt };
  }
  return undefined;
}
