import type { Deps } from '../lib/deps.ts';
import { createWorkerLease } from '../lib/worker-lease.ts';
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
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const runOnce = async (): Promise<void> => {
    await expireCredits(deps);
    if (options.stripe !== false) await runTopUps(deps);
    await sweepAlerts(deps);
  };
  const tick = (): void => {
    if (stopping) return;
    running = (async () => {
      try {
        if (await lease.acquire()) await runOnce();
      } catch (error) {
        deps.log.error('credits: worker round failed', { error: error instanceof Error ? error.message : String(error) });
      }
    })().finally(() => {
      running = undefined;
      if (!stopping) timer = setTimeout(tick, options.intervalMs ?? 5_000);
    });
  };
  timer = setTimeout(tick, 0);
  return {
    runOnce,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      await running;
      await lease.release().catch(() => {});
    },
  };
}
