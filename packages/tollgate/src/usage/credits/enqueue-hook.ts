import { sql } from 'drizzle-orm';
import type { HookPayloads } from '../../notify/hooks/types.ts';
import type { Deps } from '../../core/lib/deps.ts';

/**
 * Writes one hook about a customer known by the app's id to the outbox (in
 * `deps.db`'s transaction, so it commits with the change it reports); the
 * outbox feeds in-process hooks and signed outbound webhooks alike.
 */
export async function enqueueCustomerHook<K extends 'credits.topup_succeeded' | 'credits.topup_failed'>(
  deps: Deps,
  customer: string,
  type: K,
  objectId: string | null,
  payload: HookPayloads[K],
): Promise<string> {
  const id = deps.ids.next('obx');
  await deps.db.execute(sql`
    insert into outbox (id, type, customer_id, external_id, object_id, event_id, payload, created_at)
    select ${id}, ${type}, c.id, ${customer}, ${objectId}, null, ${JSON.stringify(payload)}::jsonb, ${deps.clock.now().toISOString()}::timestamptz
    from (select 1) one left join customers c on c.external_id = ${customer}`);
  return id;
}
