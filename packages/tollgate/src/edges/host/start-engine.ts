import { pushConfig } from '../../commands/push/push.ts';
import type { TollgateConfig } from '../../core/config/types.ts';
import { validateConfig } from '../../core/config/validate.ts';
import { connect, type Database } from '../../core/db/connect.ts';
import { migrate } from '../../core/db/migrate.ts';
import { type Clock, systemClock } from '../../core/lib/clock.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { ConfigError, TollgateError } from '../../core/lib/errors.ts';
import { createIds } from '../../core/lib/ids.ts';
import { createLogger, type Logger } from '../../core/lib/log.ts';
import { createStripeClient } from '../../core/stripe/client.ts';

export interface StartEngineOptions {
  /** The app's plans as code (`defineConfig`), validated here. */
  config: TollgateConfig;
  /** Where STRIPE_SECRET_KEY (required), STRIPE_API_BASE and DATABASE_URL are read (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Make Stripe match the config first, as `tollgate push --yes` (default true; idempotent). */
  push?: boolean;
  /** An open database to use instead of connecting (left open on close). */
  database?: Database;
  clock?: Clock;
  log?: Logger;
}

export interface Engine {
  deps: Deps;
  database: Database;
  /** Closes the database this call opened. */
  close: () => Promise<void>;
}

/**
 * What an app embedding the engine does at start-up, in one call: the config
 * validated (a `ConfigError` naming every problem), the database connected
 * (PGlite in memory, or DATABASE_URL) and migrated, `deps` built with a Stripe
 * client from STRIPE_SECRET_KEY (STRIPE_API_BASE points it at the emulator),
 * and, unless `push: false`, Stripe made to match the config.
 */
export async function startEngine(options: StartEngineOptions): Promise<Engine> {
  const env = options.env ?? process.env;
  const key = env.STRIPE_SECRET_KEY;
  if (!key) throw new ConfigError('set STRIPE_SECRET_KEY (a test key, or any sk_test_ key with STRIPE_API_BASE pointing at the stripe-emulator)');
  const validated = validateConfig(options.config);
  if (!validated.ok) throw new ConfigError(validated.error.map((e) => e.message).join('\n'));
  const database = options.database ?? (await connect({ url: env.DATABASE_URL, urlSource: 'DATABASE_URL' }));
  const close = options.database ? async () => {} : () => database.close();
  try {
    await migrate(database.db);
    const clock = options.clock ?? systemClock;
    const deps: Deps = {
      config: validated.value,
      db: database.db,
      stripe: createStripeClient({ apiKey: key, baseUrl: env.STRIPE_API_BASE || undefined }),
      clock,
      ids: createIds(clock),
      log: options.log ?? createLogger(),
    };
    if (options.push !== false) {
      const pushed = await pushConfig(deps, { apply: true });
      if (!pushed.ok) throw new TollgateError(pushed.error);
    }
    return { deps, database, close };
  } catch (e) {
    await close();
    throw e;
  }
}
