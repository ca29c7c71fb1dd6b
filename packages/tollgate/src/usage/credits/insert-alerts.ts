import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { HookPayloads } from '../../notify/hooks/types.ts';
import type { Deps } from '../../core/lib/deps.ts';

type AlertType = 'usage.threshold_reached' | 'spend.threshold_reached' | 'credits.low_balance';

/** An alert that holds now: its key, its window and the hook it fires. */
export type AlertDraft = {
  [K in AlertType]: { key: string; window: string; type: K; payload: HookPayloads[K] };
}[AlertType];

/**
 * Fires the alerts that have not fired in their window yet: in ONE statement,
 * a row in alert_firings per alert (unique on customer, alert, window) and,
 * only for the rows that were new, the hook in the outbox (in-process hooks
 * and signed outbound webhooks read it). Whatever the retries, races or
 * processes, an alert fires once per threshold per window. Returns the
 * outbox ids of the alerts that fired now.
 */
export async function insertAlerts(deps: Deps, customer: string, drafts: AlertDraft[]): Promise<string[]> {
  if (drafts.length === 0) return [];
  const now = deps.clock.now().toISOString();
  const json = JSON.stringify(drafts.map((d) => ({ id: deps.ids.next('obx'), k: d.key, w: d.window, type: d.type, payload: d.payload })));
  const rows = await queryRows<{ id: string }>(
    deps.db,
    sql`with v as (
          select * from jsonb_to_recordset(${json}::jsonb) as v(id text, k text, w text, type text, payload jsonb)
        ), fired as (
          insert into alert_firings (customer_id, alert_key, window_key, outbox_id, fired_at)
          select ${customer}, v.k, v.w, v.id, ${now}::timestamptz from v
          on conflict (customer_id, alert_key, window_key) do nothing
          returning outbox_id
        )
        insert into outbox (id, type, customer_id, external_id, object_id, event_id, payload, created_at)
        select v.id, v.type, c.id, ${customer}, null, null, v.payload, ${now}::timestamptz
        from v join fired f on f.outbox_id = v.id
        left join customers c on c.external_id = ${customer}
        order by v.id
        returning id`,
  );
  return rows.map((r) => r.id);
}

/** The smallest amount that reaches `percent` of `of` (exact integer arithmetic). */
export function percentOf(of: number, percent: number): number {
  return Number((BigInt(of) * BigInt(percent) + 99n) / 100n);
}
