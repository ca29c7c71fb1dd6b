/**
 * Time is a dependency. Domain code asks `deps.clock.now()` and waits with
 * `deps.clock.sleep(ms)`; it never calls `Date.now()` or `setTimeout` to pace
 * itself, so tests (and the emulator's test clocks) can drive it.
 */
export interface Clock {
  now(): Date;
  /** Waits `ms` of this clock's time (real time on the system clock). */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A clock that only moves when told to. */
export interface ManualClock extends Clock {
  set(at: Date | string | number): void;
  advance(ms: number): void;
}

/**
 * A manual clock. Its `sleep(ms)` does not wait: it moves the clock to at least
 * `ms` after the moment it was called (sleepers that overlap end at the latest
 * of their targets, as they would in real time), so pacing is simulated and
 * tests count calls per simulated interval instead of measuring the machine.
 */
export function manualClock(start: Date | string | number = '2026-01-01T00:00:00Z'): ManualClock {
  let current = new Date(start).getTime();
  if (Number.isNaN(current)) throw new TypeError(`manualClock: invalid start time ${String(start)}`);
  return {
    now: () => new Date(current),
    async sleep(ms) {
      const target = current + Math.max(0, ms);
      await Promise.resolve();
      current = Math.max(current, target);
    },
    set(at) {
      const next = new Date(at).getTime();
      if (Number.isNaN(next)) throw new TypeError(`manualClock.set: invalid time ${String(at)}`);
      current = next;
    },
    advance(ms) {
      current += ms;
    },
  };
}

/** Whole seconds since the epoch, the unit Stripe uses for timestamps. */
export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
