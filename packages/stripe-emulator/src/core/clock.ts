/** The emulator's sense of "now", in milliseconds. Real time unless a test injects another. */
export interface EmulatorClock {
  now(): number;
}

export const systemClock: EmulatorClock = { now: () => Date.now() };

/** A clock a test moves by hand. */
export function fixedClock(startMs: number): EmulatorClock & { set(ms: number): void; advance(ms: number): void } {
  let current = startMs;
  return {
    now: () => current,
    set: (ms) => {
      current = ms;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export const unixSeconds = (ms: number): number => Math.floor(ms / 1000);
