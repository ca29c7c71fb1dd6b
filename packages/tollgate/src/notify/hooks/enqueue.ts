import { sql } from 'drizzle-orm';
import type { Deps } from '../../core/lib/deps.ts';
import type { HookDraft } from './types.ts';

/**
 * Writes hooks to the outbox. Call it with `deps.db` set to the transaction
 * that made the change, so the notification commits (or not) with it. The
 * customer's Tollgate id and external id are looked up in the same statement.
 */
export async function enqueueHooks(deps: Deps, drafts: HookDraft[], eventId: string | null = null): Promise<string[]> {
  if (drafts.length === 0) return [];
  const now = deps.clock.now().toISOString();
  const ids = drafts.map(() => deps.ids.next('obx'));
  const json = JSON.stringify(
    drafts.map((d, i) => ({ id: ids[i], type: d.type, stripe_customer_id: d.stripeCustomerId, object_id: d.objectId, payload: d.payload })),
  );
  await deps.db.execute(sql`
    insert into outbox (id, type, customer_id, external_id, object_id, event_id, payload, created_at)
    select v.id, v.type, c.id, c.external_id, v.object_id, ${eventId}::text, v.payload, ${now}::timestamptz
    from jsonb_to_recordset(${json}::jsonb) as v(id text, type text, stripe_customer_id text, object_id text, payload jsonb)
    left join customers c on c.stripe_customer_id = v.stripe_customer_id
    order by v.id`);
  return ids;
}
