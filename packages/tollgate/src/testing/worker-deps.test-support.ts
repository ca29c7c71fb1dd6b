import type { TollgateConfig } from '../core/config/types.ts';
import { validateConfig } from '../core/config/validate.ts';
import { connect, type Database } from '../core/db/connect.ts';
import type { Clock } from '../core/lib/clock.ts';
import type { Deps } from '../core/lib/deps.ts';
import { createIds } from '../core/lib/ids.ts';
import { silentLogger } from '../core/lib/log.ts';
import { createStripeClient } from '../core/stripe/client.ts';

/**
 * The deps of a test's child process (`*.test-worker.ts`): the test's schema
 * on its Postgres, the config validated, the clock given, no logging, and a
 * Stripe client on `stripeUrl` (the test's emulator) or one that reaches
 * nothing.
 */
export async function workerDeps(options: {
  url: string;
  schema: string;
  config: TollgateConfig;
  clock: Clock;
  stripeUrl?: string | undefined;
  poolSize?: number;
}): Promise<{ deps: Deps; database: Database }> {
  const config = validateConfig(options.config);
  if (!config.ok) throw new Error('invalid test config');
  const database = await connect({ url: options.url, searchPath: options.schema, poolSize: options.poolSize ?? 8 });
  const deps: Deps = {
    config: config.value,
    db: database.db,
    stripe: createStripeClient({ apiKey: 'sk_test_tollgate', baseUrl: options.stripeUrl ?? 'http://127.0.0.1:1', maxNetworkRetries: 0 }),
    clock: options.clock,
    ids: createIds(options.clock),
    log: silentLogger,
  };
  return { deps, database };
}
