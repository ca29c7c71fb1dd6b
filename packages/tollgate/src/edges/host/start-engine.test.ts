import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config/default-config.ts';
import { ConfigError } from '../../core/lib/errors.ts';
import { manualClock } from '../../core/lib/clock.ts';
import { createTestDatabase } from '../../testing/db.ts';
import { testNow } from '../../testing/now.ts';
import { startTestStripe, type TestStripe } from '../../testing/stripe.ts';
import { silentLogger } from '../../core/lib/log.ts';
import { queryRows } from '../../core/db/sql.ts';
import { startEngine } from './start-engine.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe('startEngine: an embedding app starts the engine in one call', () => {
  const database = perTest(createTestDatabase);
  let stripe: TestStripe;
  const clock = manualClock(testNow());
  beforeEach(async () => {
    stripe = await startTestStripe({ clock });
  });
  afterEach(() => stripe.close());
  const env = () => ({ STRIPE_SECRET_KEY: 'sk_test_engine', STRIPE_API_BASE: stripe.emulator.url });

  it('validates the config, migrates, builds deps on the Stripe of the environment and pushes the plans', async () => {
    const engine = await startEngine({ config: defaultConfig, env: env(), database, clock, log: silentLogger });
    expect(engine.deps.config.currency).toBe('usd');
    expect(engine.deps.clock).toBe(clock);
    const prices = await stripe.stripe.prices.list({ lookup_keys: ['tollgate:plan:pro:month'] });
    expect(prices.data[0]).toMatchObject({ unit_amount: 1500, currency: 'usd' });
    const viaDeps = await engine.deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:pro:month'] });
    expect(viaDeps.data.map((p) => p.id)).toEqual(prices.data.map((p) => p.id));
    await engine.close();
    // The database it was given stays open.
    expect(await queryRows(database.db, sql`select 1 as one`)).toEqual([{ one: 1 }]);
  });

  it('push: false leaves Stripe alone; without a database it opens (and closes) its own', async () => {
    const engine = await startEngine({ config: defaultConfig, env: env(), push: false, clock, log: silentLogger });
    expect(engine.database).not.toBe(database);
    expect((await stripe.stripe.products.list()).data).toEqual([]);
    await engine.close();
  });

  it('refuses a missing key or a bad config with a ConfigError naming it, before touching anything', async () => {
    await expect(startEngine({ config: defaultConfig, env: {}, database })).rejects.toThrow(ConfigError);
    await expect(startEngine({ config: defaultConfig, env: {}, database })).rejects.toThrow(/set STRIPE_SECRET_KEY/);
    const bad = { features: {}, plans: { pro: { name: 'Pro', prices: { monthly: 15.5 }, features: {} } } };
    await expect(startEngine({ config: bad, env: env(), database })).rejects.toThrow('plans.pro.prices.monthly: must be an integer amount in minor units');
    expect((await stripe.stripe.products.list()).data).toEqual([]);
  });
});
