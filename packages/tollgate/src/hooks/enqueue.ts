import { sql } from 'drizzle-orm';
import type { Deps } from '../lib/deps.ts';
import type { HookDraft } from './types.ts';

/**
 * Writes hooks to the outbox. Call it with `deps.db` set to the transaction
 * that made the change, so the notification commits (or not) with it. The
 * customer's Tollgate id and external id are looked up in the same statement.
 */
export async function enqueueHooks(deps: Deps, drafts: HookDraft[], eventId: string | null = null): Promise<string[]> {
  return enqueueHookRows(
    deps,
    drafts.map((d) => ({ ...d, id: deps.ids.next('obx'), eventId })),
  );
}

/** A hook with its outbox id (time-ordered: allocate in the order things happened) and its cause. */
export type HookRow = HookDraft & { id: string; eventId: string | null };

/** Writes many hooks (a webhook batch's) in one statement; returns their ids. */
export async function enqueueHookRows(deps: Deps, rows: HookRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const now = deps.clock.now().toISOString();
  const json = JSON.stringify(
    rows.map((r) => ({ id: r.id, type: r.type, stripe_customer_id: r.stripeCustomerId, object_id: r.objectId, event_id: r.eventId, payload: r.payload })),
  );
  await deps.db.execute(sql`
    insert into outbox (id, type, customer_id, external_id, object_id, event_id, payload, created_at)
    select v.id, v.type, c.id, c.external_id, v.object_id, v.event_id, v.payload, ${now}::timestamptz
    from jsonb_to_recordset(${json}::jsonb) as v(id text, type text, stripe_customer_id text, object_id text, event_id text, payload jsonb)
    left join customers c on c.stripe_customer_id = v.stripe_customer_id
    order by v.id`);
  return rows.map((r) => r.id);
}
