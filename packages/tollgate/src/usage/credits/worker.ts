import type { Deps } from '../../core/lib/deps.ts';
import { startPeriodic } from '../../core/lib/periodic.ts';
import { createWorkerLease } from '../../core/lib/worker-lease.ts';
import { expireCredits } from './expire.ts';
import { runTopUps } from './run-top-ups.ts';
import { sweepAlerts } from './sweep-alerts.ts';

export interface CreditsWorker {
  /** One round: expiries and rollovers, due top-ups (when Stripe is there), the alert sweep. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The credits' background work, one round every `intervalMs` (default 5 s)
 * while this process holds the `credits` lease (so one node of many does it):
 * expiries at their boundaries (and the next period's rollover), auto
 * top-up charges, and the alert sweep. Each step is idempotent, so a round
 * cut short by a crash is simply done again.
 */
export function startCreditsWorker(deps: Deps, options: { intervalMs?: number; stripe?: boolean } = {}): CreditsWorker {
  const lease = createWorkerLease(deps, 'credits');
  const runOnce = async (): Promise<void> => {
    await expireCredits(deps);
    if (options.stripe !== false) await runTopUps(deps);
    await sweepAlerts(deps);
  };
  const task = startPeriodic(
    async () => {
      if (await lease.acquire()) await runOnce();
    },
    { intervalMs: options.intervalMs ?? 5_000, firstAfterMs: 0, log: deps.log, failure: 'credits: worker round failed' },
  );
  return {
    runOnce,
    async stop() {
      await task.stop();
      await lease.release().catch(() => {});
    },
  };
}
