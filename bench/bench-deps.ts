import type Stripe from 'stripe';
import { createIds, createStripeClient, type Db, type Deps, silentLogger, systemClock, type TollgateConfig, validateConfig } from 'tollgate';

/**
 * The engine's `deps` for a benchmark: the config validated, the system
 * clock, no logging, and a Stripe client that reaches nothing unless one is
 * given (the figures measured here never call Stripe).
 */
export function benchDeps(config: TollgateConfig, db: Db, stripe?: Stripe): Deps {
  const validated = validateConfig(config);
  if (!validated.ok) throw new Error(`bench config invalid: ${validated.error.map((e) => e.message).join('\n')}`);
  return {
    config: validated.value,
    db,
    stripe: stripe ?? createStripeClient({ apiKey: 'sk_test_bench', baseUrl: 'http://127.0.0.1:1' }),
    clock: systemClock,
    ids: createIds(systemClock),
    log: silentLogger,
  };
}
