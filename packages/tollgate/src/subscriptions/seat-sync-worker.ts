import type { Deps } from '../lib/deps.ts';
import { type SeatSyncResult, syncSeats } from './sync-seats.ts';

export interface SeatSyncWorker {
  /** One pass now (what the timer runs). */
  runOnce(): Promise<SeatSyncResult>;
  stop(): Promise<void>;
}

/** Runs `syncSeats` every `intervalMs` (default 15 s) until stopped; a failed pass is logged and the next one runs. */
export function startSeatSync(deps: Deps, options: { intervalMs?: number } = {}): SeatSyncWorker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<SeatSyncResult> | undefined;
  let stopped = false;
  const runOnce = (): Promise<SeatSyncResult> => {
    running ??= syncSeats(deps)
      .then((r) => (r.ok ? r.value : Promise.reject(new Error(r.error.message))))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const tick = (): void => {
    if (stopped) return;
    runOnce()
      .catch((error: unknown) => deps.log.error('seat sync pass failed', { error: String(error) }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs ?? 15_000);
      });
  };
  timer = setTimeout(tick, options.intervalMs ?? 15_000);
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
