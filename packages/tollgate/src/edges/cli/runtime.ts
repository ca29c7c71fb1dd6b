import { backfillMrrMovements } from '../../reads/metrics/backfill-movements.ts';
import { connect, type Database } from '../../core/db/connect.ts';
import type { DataLock } from '../../core/db/data-lock.ts';
import { migrate } from '../../core/db/migrate.ts';
import { defaultConfig } from '../../core/config/default-config.ts';
import { findConfigFile, loadConfigFile } from '../../core/config/load.ts';
import type { TollgateConfig } from '../../core/config/types.ts';
import { validateConfig } from '../../core/config/validate.ts';
import { type Clock, systemClock } from '../../core/lib/clock.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { appError, ConfigError, TollgateError } from '../../core/lib/errors.ts';
import { createIds } from '../../core/lib/ids.ts';
import { createLogger, type Logger } from '../../core/lib/log.ts';
import { createStripeClient } from '../../core/stripe/client.ts';
import type Stripe from 'stripe';
import { checkDataFlag, dataDir, userCwd } from './env.ts';

export interface Runtime {
  deps: Deps;
  database: Database;
  /** The config file used, or undefined for the built-in default. */
  configFile: string | undefined;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  env: NodeJS.ProcessEnv;
  data?: unknown;
  /** Point Stripe somewhere else (the emulator in dev); STRIPE_API_BASE otherwise. */
  stripeBaseUrl?: string;
  stripeKey?: string;
  log?: Logger;
  /** Apply migrations first (serve, dev); other commands expect a migrated database. */
  migrate?: boolean;
  /** Let outbound webhooks reach private addresses whatever the config says (`tollgate dev`). */
  allowPrivateOutbound?: boolean;
  /** What holds the embedded database, as other processes are told (`tollgate serve`). */
  command?: string;
  /** The data folder's lock, already taken (`tollgate dev` takes it before starting the emulator). */
  lock?: DataLock;
  /** An open database to use instead of connecting (an embedding host's, the tests'; left open on close). */
  database?: Database;
  /** The clock (default: the system clock). */
  clock?: Clock;
}

/**
 * The user's tollgate.config.* (validated), or the default AI-chatbot config.
 * TOLLGATE_OUTBOUND_ALLOW_PRIVATE=1 (or true) sets `outbound.allowPrivateNetworks`.
 */
export async function loadConfig(
  env: NodeJS.ProcessEnv,
  options: { allowPrivateOutbound?: boolean | undefined; fresh?: boolean } = {},
): Promise<{ config: TollgateConfig; file: string | undefined }> {
  const file = await findConfigFile(userCwd(env));
  const raw = file ? await loadConfigFile(file, { fresh: options.fresh === true }) : defaultConfig;
  const validated = validateConfig(raw, file);
  if (!validated.ok) throw new ConfigError(validated.error.map((e) => e.message).join('; '));
  const flag = env.TOLLGATE_OUTBOUND_ALLOW_PRIVATE;
  if (flag !== undefined && flag !== '' && !['1', 'true', '0', 'false'].includes(flag))
    throw new ConfigError(`TOLLGATE_OUTBOUND_ALLOW_PRIVATE must be 1, true, 0 or false (got ${JSON.stringify(flag)})`);
  const allow = options.allowPrivateOutbound === true || flag === '1' || flag === 'true';
  const config = allow ? { ...validated.value, outbound: { ...validated.value.outbound, allowPrivateNetworks: true } } : validated.value;
  return { config, file };
}

/** A Stripe client that explains itself when there is no key (serve without STRIPE_SECRET_KEY). */
function missingStripe(): Stripe {
  return new Proxy({} as Stripe, {
    get() {
      throw new TollgateError(appError('stripe_unavailable', 'STRIPE_SECRET_KEY is not set on this server'));
    },
  });
}

/** Connects the database and builds `deps` from the environment: what serve, dev and admin commands share. */
export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { env } = options;
  const { config, file } = await loadConfig(env, { allowPrivateOutbound: options.allowPrivateOutbound });
  const given = options.database;
  if (!given && !env.DATABASE_URL) await checkDataFlag(env, options.data);
  const database = given ?? (await connect({ url: env.DATABASE_URL, dataDir: dataDir(env, options.data), holder: options.command, lock: options.lock }));
  const close = given ? async () => {} : () => database.close();
  try {
    if (options.migrate) await migrate(database.db);
    const key = options.stripeKey ?? env.STRIPE_SECRET_KEY;
    const baseUrl = options.stripeBaseUrl ?? env.STRIPE_API_BASE;
    const stripe = key ? createStripeClient({ apiKey: key, baseUrl: baseUrl || undefined }) : missingStripe();
    const clock = options.clock ?? systemClock;
    const deps: Deps = {
      config,
      db: database.db,
      stripe,
      clock,
      ids: createIds(clock),
      log: options.log ?? createLogger({ level: env.TOLLGATE_LOG_LEVEL === 'debug' ? 'debug' : 'info' }),
    };
    // History for subscriptions mirrored before MRR movements were recorded (a no-op once done).
    if (options.migrate) await backfillMrrMovements(deps);
    // Other processes on this data folder go through this one (tollgate migrate, tollgate push).
    const lock = options.lock ?? database.lock;
    lock?.handle('migrate', () => migrate(database.db));
    lock?.handle('reload-config', async () => {
      const fresh = await loadConfig(env, { allowPrivateOutbound: options.allowPrivateOutbound, fresh: true });
      deps.config = fresh.config;
      return { file: fresh.file ?? null, plans: Object.keys(fresh.config.plans) };
    });
    return { deps, database, configFile: file, close };
  } catch (e) {
    await close();
    throw e;
  }
}
