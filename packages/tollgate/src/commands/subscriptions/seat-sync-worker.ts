import type { Deps } from '../../core/lib/deps.ts';
import { startPeriodic } from '../../core/lib/periodic.ts';
import { type SeatSyncResult, syncSeats } from './sync-seats.ts';

export interface SeatSyncWorker {
  /** One pass now (what the timer runs). */
  runOnce(): Promise<SeatSyncResult>;
  stop(): Promise<void>;
}

/** Runs `syncSeats` every `intervalMs` (default 15 s) until stopped; a failed pass is logged and the next one runs. */
export function startSeatSync(deps: Deps, options: { intervalMs?: number } = {}): SeatSyncWorker {
  const pass = async (): Promise<SeatSyncResult> => {
    const r = await syncSeats(deps);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  return startPeriodic(pass, { intervalMs: options.intervalMs ?? 15_000, log: deps.log, failure: 'seat sync pass failed' });
}
