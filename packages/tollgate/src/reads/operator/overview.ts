import type { Deps } from '../../core/lib/deps.ts';
import { countSubscriptions } from '../metrics/count-subscriptions.ts';
import { mrrHistory } from '../metrics/mrr-history.ts';
import { revenueSummary } from '../metrics/revenue-summary.ts';
import { runningMrr } from '../metrics/running-mrr.ts';
import { listEvents } from './list.ts';

const DAY = 86_400_000;

/**
 * What the dashboard's overview shows, in one call: MRR and ARR now (from the
 * running totals, not a scan of the mirror), the last
 * `days` (default 90) of daily MRR with its movements, the last 30 days'
 * summary (churn, NRR), subscriptions by plan and status, the latest events.
 */
export async function getDashboardOverview(deps: Deps, input: { days?: number } = {}) {
  const now = deps.clock.now();
  const days = Math.min(Math.max(input.days ?? 90, 7), 3650);
  const [mrr, history, summary, subscriptions, events] = await Promise.all([
    runningMrr(deps),
    mrrHistory(deps, { from: new Date(now.getTime() - (days - 1) * DAY), to: now }),
    revenueSummary(deps, { from: new Date(now.getTime() - 29 * DAY), to: now }),
    countSubscriptions(deps),
    listEvents(deps, { limit: 10 }),
  ]);
  return {
    mrr,
    history: history.ok ? history.value : { from: '', to: '', series: [] },
    lastMonth: summary.ok ? summary.value.data : [],
    subscriptions,
    events,
  };
}
