/** The emulator's sense of "now", in milliseconds. Real time unless a test injects another. */
export interface EmulatorClock {
  now(): number;
  /** Waits `ms` of this clock's time (injected latency, delayed webhooks). Real time when absent. */
  sleep?(ms: number): Promise<void>;
}

export const systemClock: EmulatorClock = { now: () => Date.now() };

/**
 * A clock a test moves by hand. Its `sleep(ms)` does not wait: it moves the
 * clock to at least `ms` after the call (overlapping sleepers end at the
 * latest target), so a test reads simulated delays off the clock.
 */
export function fixedClock(startMs: number): Required<EmulatorClock> & { set(ms: number): void; advance(ms: number): void } {
  let current = startMs;
  return {
    now: () => current,
    sleep: async (ms) => {
      const target = current + Math.max(0, ms);
      await Promise.resolve();
      current = Math.max(current, target);
    },
    set: (ms) => {
      current = ms;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export const unixSeconds = (ms: number): number => Math.floor(ms / 1000);
