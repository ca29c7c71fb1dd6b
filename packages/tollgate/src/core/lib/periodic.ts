import type { Logger } from './log.ts';

/** A pass run now and then by a timer, until stopped. */
export interface PeriodicTask<T> {
  /** One pass now (what the timer runs); a pass already running is shared, not doubled. */
  runOnce(): Promise<T>;
  /** No pass starts after this; waits for the one running. */
  stop(): Promise<void>;
}

/**
 * Runs `pass` every `intervalMs` (counted from the end of the previous pass)
 * until stopped. A failed pass is logged as `failure` and the next one runs.
 * The suspension sweep, seat sync, license sweep, credits worker and hook worker run on it.
 */
export interface PeriodicOptions {
  intervalMs: number;
  /** Before the first pass (default `intervalMs`; 0: right away). */
  firstAfterMs?: number;
  log: Logger;
  /** The log line of a failed pass, at `level` (default error). */
  failure: string;
  level?: 'error' | 'warn';
  /** The timer does not keep the process alive. */
  unref?: boolean;
}

export function startPeriodic<T>(pass: () => Promise<T>, options: PeriodicOptions): PeriodicTask<T> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<T> | undefined;
  let stopped = false;
  const runOnce = (): Promise<T> => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };
  const later = (ms: number): void => {
    timer = setTimeout(tick, ms);
    if (options.unref) timer.unref();
  };
  const tick = (): void => {
    if (stopped) return;
    runOnce()
      .catch((error: unknown) => options.log[options.level ?? 'error'](options.failure, { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        if (!stopped) later(options.intervalMs);
      });
  };
  later(options.firstAfterMs ?? options.intervalMs);
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
