import { inArray, sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { enqueueHooks } from '../../notify/hooks/enqueue.ts';
import type { HookDraft, SuspensionReason } from '../../notify/hooks/types.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { startPeriodic } from '../../core/lib/periodic.ts';
import { subscriptionSnapshot } from '../../notify/hooks/subscription-snapshot.ts';

const DAY_MS = 86_400_000;
const DEFAULT_GRACE_DAYS = 7;

export interface SuspensionSweep {
  /** Subscriptions whose entitlements were suspended by this sweep (`entitlements.suspended` enqueued). */
  suspended: string[];
  /** Subscriptions restored by this sweep (`entitlements.restored` enqueued). */
  restored: string[];
}

/**
 * Turns the status policy `resolvePlan` applies on every read into events the
 * app can act on (pause an org's agents, resume them), each fired once:
 * - `entitlements.suspended`: a `past_due` subscription whose grace
 *   (`entitlements.pastDueGraceDays`, default 7, counted from
 *   `past_due_since` exactly as `resolvePlan` counts it) has ended, or one
 *   Stripe marked `unpaid`;
 * - `entitlements.restored`: a suspended subscription that is `active` or
 *   `trialing` again (its invoice was paid).
 * One transaction: the suspension row (`entitlement_suspensions`, insert on
 * conflict do nothing / delete ... returning) and the hook commit together,
 * so sweeps on several nodes at once, or a sweep that crashed, fire each
 * transition once. A suspended subscription that ends (`canceled`) is
 * forgotten without a hook (`subscription.canceled` says it). Run it on a
 * timer: the workers of `tollgate serve` do, every 30 s (`startSuspensionSweep`).
 */
export async function sweepSuspensions(deps: Deps): Promise<SuspensionSweep> {
  const now = deps.clock.now();
  const graceDays = deps.config.entitlements?.pastDueGraceDays ?? DEFAULT_GRACE_DAYS;
  const cutoff = new Date(now.getTime() - graceDays * DAY_MS);
  return deps.db.transaction(async (tx) => {
    const started = await queryRows<{ subscription_id: string; reason: SuspensionReason; suspended_at: Date | string }>(
      tx,
      sql`insert into entitlement_suspensions (subscription_id, stripe_customer_id, reason, suspended_at)
          select id, stripe_customer_id, case when status = 'unpaid' then 'unpaid' else 'past_due_grace_ended' end, ${now.toISOString()}::timestamptz
          from subscriptions
          where status = 'unpaid'
             or (status = 'past_due' and coalesce(past_due_since, current_period_start, '-infinity'::timestamptz) <= ${cutoff.toISOString()}::timestamptz)
          order by id
          on conflict (subscription_id) do nothing
          returning subscription_id, reason, suspended_at`,
    );
    const ended = await queryRows<{ subscription_id: string; reason?: never; suspended_at: Date | string }>(
      tx,
      sql`delete from entitlement_suspensions e using subscriptions s
          where s.id = e.subscription_id and s.status in ('active', 'trialing')
          returning e.subscription_id, e.suspended_at`,
    );
    await tx.execute(sql`delete from entitlement_suspensions e using subscriptions s
      where s.id = e.subscription_id and s.status in ('canceled', 'incomplete_expired')`);
    const ids = [...started, ...ended].map((r) => r.subscription_id);
    if (ids.length === 0) return { suspended: [], restored: [] };
    const rows = new Map((await tx.select().from(subscriptions).where(inArray(subscriptions.id, ids))).map((r) => [r.id, { ...r, items: null }]));
    // A suspension that started carries its reason; one that ended does not.
    const drafts = [...started, ...ended].flatMap((change): HookDraft[] => {
      const row = rows.get(change.subscription_id);
      if (!row) return [];
      const head = { objectId: row.id, stripeCustomerId: row.stripeCustomerId };
      const subscription = subscriptionSnapshot(row);
      const suspendedAt = new Date(change.suspended_at).toISOString();
      if (change.reason !== undefined) return [{ ...head, type: 'entitlements.suspended', payload: { subscription, reason: change.reason, suspendedAt } }];
      return [{ ...head, type: 'entitlements.restored', payload: { subscription, suspendedAt } }];
    });
    await enqueueHooks({ ...deps, db: tx }, drafts);
    return { suspended: started.map((s) => s.subscription_id), restored: ended.map((r) => r.subscription_id) };
  });
}

export interface SuspensionSweeper {
  runOnce(): Promise<SuspensionSweep>;
  stop(): Promise<void>;
}

/** Runs `sweepSuspensions` every `intervalMs` (default 30 s) until stopped; a failed sweep is logged and the next one runs. */
export function startSuspensionSweep(deps: Deps, options: { intervalMs?: number } = {}): SuspensionSweeper {
  return startPeriodic(() => sweepSuspensions(deps), { intervalMs: options.intervalMs ?? 30_000, log: deps.log, failure: 'suspension sweep failed' });
}
