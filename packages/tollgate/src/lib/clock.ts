/**
 * Time is a dependency. Domain code asks `deps.clock.now()`; it never calls
 * `Date.now()` itself, so tests (and the emulator's test clocks) can drive it.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export interface ManualClock extends Clock {
  set(at: Date | string | number): void;
  advance(ms: number): void;
}

export function manualClock(start: Date | string | number = '2026-01-01T00:00:00Z'): ManualClock {
  let current = new Date(start).getTime();
  if (Number.isNaN(current)) throw new TypeError(`manualClock: invalid start time ${String(start)}`);
  return {
    now: () => new Date(current),
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
