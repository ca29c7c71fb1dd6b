import Stripe from 'stripe';
import { afterAll, beforeAll } from 'vitest';
import { type EmulatorClock, fixedClock, unixSeconds } from '../core/clock.ts';
import { type RunningEmulator, type StartOptions, advanceUntilReady, startEmulator } from '../server.ts';

export interface TestEmulator {
  emulator: RunningEmulator;
  stripe: Stripe;
  /** The emulator's clock: it stands still unless the test moves it. */
  clock: EmulatorClock;
  /** The clock's time in unix seconds (what `created` and timestamps are measured against). */
  now(): number;
  /** A client with another key (e.g. to test authentication). */
  client(key: string): Stripe;
  close(): Promise<void>;
}

/** Where test emulators' clocks start: TOLLGATE_TEST_NOW, else a fixed instant (never the real date). */
export function testNowMs(env: NodeJS.ProcessEnv = process.env): number {
  const at = Date.parse(env.TOLLGATE_TEST_NOW || '2026-01-15T12:00:00Z');
  if (Number.isNaN(at)) throw new TypeError(`TOLLGATE_TEST_NOW is not an instant: ${String(env.TOLLGATE_TEST_NOW)}`);
  return at;
}

/**
 * Starts an emulator on a free port and an official SDK client pointed at it.
 * It runs on a fixed clock at `testNowMs()` unless given another, with no
 * background scheduler: time-driven changes happen on Stripe test clocks.
 */
export async function startTestEmulator(options: StartOptions = {}): Promise<TestEmulator> {
  const clock = options.clock ?? fixedClock(testNowMs());
  const emulator = await startEmulator({ schedulerIntervalMs: 0, ...options, clock });
  const url = new URL(emulator.url);
  const client = (key: string) => new Stripe(key, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
  return { emulator, stripe: client('sk_test_emulator'), clock, now: () => unixSeconds(clock.now()), client, close: () => emulator.close() };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof Stripe.errors.StripeError) return e;
    throw e;
  }
  throw new Error('expected the request to fail');
}

/** Advances a test clock through the SDK and waits until it is `ready` again, as a client of real Stripe would. */
export function advanceClock(stripe: Stripe, clock: string, frozenTime: number): Promise<Stripe.TestHelpers.TestClock> {
  return advanceUntilReady(stripe, clock, frozenTime);
}

/**
 * Inside a describe: one emulator for its tests (options as
 * `startTestEmulator`'s), started before the first test, and before the
 * describe's own `beforeAll` when called first, closed after the last. What it
 * returns stands for that emulator once started.
 */
export function suiteEmulator(options: StartOptions = {}): TestEmulator {
  let started: TestEmulator | undefined;
  beforeAll(async () => {
    started = await startTestEmulator(options);
  });
  afterAll(() => started?.close());
  const current = (): TestEmulator => {
    if (!started) throw new Error('the suite emulator starts before the first test');
    return started;
  };
  return {
    get emulator() {
      return current().emulator;
    },
    get stripe() {
      return current().stripe;
    },
    get clock() {
      return current().clock;
    },
    now: () => current().now(),
    client: (key) => current().client(key),
    close: () => current().close(),
  };
}
