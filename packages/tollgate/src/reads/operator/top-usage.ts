import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';

export interface TopConsumer {
  customer: string;
  feature: string;
  windowKey: string;
  used: number;
  included: number | null;
  windowEnd: string;
}

/**
 * The heaviest users of a metered feature (or every feature) in the windows
 * open at `at` (default now), most used first: the dashboard's usage explorer.
 * `window` narrows to a window kind (`day`, `month`, `period`...: the key's prefix).
 */
export async function topUsage(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { feature?: string; window?: string; limit?: number; at?: Date } = {},
): Promise<TopConsumer[]> {
  const at = (input.at ?? deps.clock.now()).toISOString();
  const limit = Math.min(Math.max(input.limit ?? 20, 1), 100);
  const rows = await queryRows<Record<string, string | null>>(
    deps.db,
    sql`select customer_id, feature, window_key, used, included, window_end from usage_counters
        where window_start <= ${at}::timestamptz and window_end > ${at}::timestamptz and used > 0
          ${input.feature ? sql`and feature = ${input.feature}` : sql``}
          ${input.window ? sql`and window_key like ${`${input.window.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`}` : sql``}
        order by used desc, customer_id limit ${limit}`,
  );
  return rows.map((r) => ({
    customer: r.customer_id ?? '',
    feature: r.feature ?? '',
    windowKey: r.window_key ?? '',
    used: Number(r.used ?? 0),
    included: r.included === null || r.included === undefined ? null : Number(r.included),
    windowEnd: new Date(r.window_end ?? 0).toISOString(),
  }));
}
