import type { Deps } from '../../core/lib/deps.ts';
import { type AlertDraft, insertAlerts, percentOf } from './insert-alerts.ts';

export interface UsageAlertInput {
  customer: string;
  feature: string;
  /** The counter window (`day:2026-01-15`). */
  window: string;
  used: number;
  /** The included amount the percents are of. */
  limit: number;
}

/** True when usage moved from below to at or past one of the config's `alerts.usage` percents of `limit`. */
export function crossedUsageAlert(percents: number[] | undefined, limit: number | null, before: number, after: number): boolean {
  if (!percents || limit === null || limit <= 0) return false;
  for (const percent of percents) {
    const at = percentOf(limit, percent);
    if (before < at && after >= at) return true;
  }
  return false;
}

/**
 * Fires `usage.threshold_reached` for each of the config's `alerts.usage`
 * percents that the window's usage has reached and that has not fired in
 * this window (once per threshold per window, across retries and processes).
 */
export async function fireUsageAlerts(deps: Deps, input: UsageAlertInput): Promise<string[]> {
  const drafts: AlertDraft[] = [];
  for (const percent of deps.config.alerts?.usage ?? []) {
    if (input.limit <= 0 || input.used < percentOf(input.limit, percent)) continue;
    drafts.push({
      key: `usage:${input.feature}:${percent}`,
      window: input.window,
      type: 'usage.threshold_reached',
      payload: { customer: input.customer, feature: input.feature, percent, used: input.used, limit: input.limit, window: input.window },
    });
  }
  return insertAlerts(deps, input.customer, drafts);
}
