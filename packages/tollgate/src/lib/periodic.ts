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
 */
export function startPeriodic<T>(pass: () => Promise<T>, options: { intervalMs: number; log: Logger; failure: string }): PeriodicTask<T> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<T> | undefined;
  let stopped = false;
  const runOnce = (): Promise<T> => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };
  const tick = (): void => {
    if (stopped) return;
    runOnce()
      .catch((error: unknown) => options.log.error(options.failure, { error: String(error) }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs);
      });
  };
  timer = setTimeout(tick, options.intervalMs);
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
  };
}
