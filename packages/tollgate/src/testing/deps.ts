import type Stripe from 'stripe';
import { defaultConfig } from '../core/config/default-config.ts';
import type { TollgateConfig } from '../core/config/types.ts';
import { validateConfig } from '../core/config/validate.ts';
import { type ManualClock, manualClock } from '../core/lib/clock.ts';
import type { Deps } from '../core/lib/deps.ts';
import { createIds } from '../core/lib/ids.ts';
import { silentLogger } from '../core/lib/log.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { testNow } from './now.ts';
import { startTestStripe, type TestStripe } from './stripe.ts';

export interface TestDeps extends Deps {
  clock: ManualClock;
  database: TestDatabase;
  /** Present when the deps were made with `{ stripe: true }`. */
  testStripe?: TestStripe;
  close(): Promise<void>;
}

export interface TestDepsOptions {
  config?: TollgateConfig;
  /** Start a stripe-emulator on the test's clock and point deps.stripe at it (default true). */
  stripe?: boolean;
  /** Where the clock starts (default: `testNow()`, TOLLGATE_TEST_NOW or a fixed instant). */
  now?: Date | string;
}

/**
 * Everything an operation needs, wired to real parts: a fresh database schema,
 * a stripe-emulator over HTTP running on the same manual clock (the test moves
 * the engine's and Stripe's time together). Close it in afterEach.
 */
export async function createTestDeps(options: TestDepsOptions = {}): Promise<TestDeps> {
  const validated = validateConfig(options.config ?? defaultConfig);
  if (!validated.ok) throw new Error(validated.error.map((e) => e.message).join('\n'));
  const clock = manualClock(options.now ?? testNow());
  const database = await createTestDatabase();
  const testStripe = options.stripe === false ? undefined : await startTestStripe({ clock });
  const stripe = testStripe?.stripe ?? unavailableStripe();
  return {
    config: validated.value,
    db: database.db,
    database,
    stripe,
    clock,
    ids: createIds(clock),
    log: silentLogger,
    ...(testStripe ? { testStripe } : {}),
    async close() {
      await Promise.all([database.close(), testStripe?.close()]);
    },
  };
}

/** A Stripe client that fails loudly: for tests that must not call Stripe. */
function unavailableStripe(): Stripe {
  return new Proxy({} as Stripe, {
    get(_target, property) {
      throw new Error(`this test's deps have no Stripe (stripe.${String(property)} was used)`);
    },
  });
}
