import type { Deps } from '../lib/deps.ts';
import { ConfigError } from '../lib/errors.ts';
import { startOutboundWorker } from '../outbound/worker.ts';
import { createReporter } from '../reporter/run-reporter.ts';

export interface Workers {
  names: string[];
  stop(): Promise<void>;
}

/**
 * The background work a node runs next to the API: the usage reporter (meter
 * events to Stripe) and outbound webhook delivery. Both claim their work in
 * the database, so every node may run them (TOLLGATE_WORKERS=0 turns them off).
 */
export function startWorkers(deps: Deps, options: { env: NodeJS.ProcessEnv; stripe: boolean }): Workers {
  if (options.env.TOLLGATE_WORKERS === '0') return { names: [], stop: async () => {} };
  const meterEventsUrl = meterEventsUrlFrom(options.env);
  const outbound = startOutboundWorker(deps);
  const reporter = options.stripe ? createReporter(deps, meterEventsUrl ? { meterEventsUrl } : {}) : undefined;
  reporter?.start();
  return {
    names: ['outbound webhooks', ...(reporter ? ['usage reporter'] : [])],
    async stop() {
      await Promise.all([outbound.stop(), reporter?.stop()]);
    },
  };
}

/**
 * `STRIPE_METER_EVENTS_URL`: where the reporter sends the v2 meter event
 * stream (features with `reporting: 'stream'`); unset = Stripe's
 * meter-events host (or the emulator, when the Stripe client points at one).
 */
export function meterEventsUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.STRIPE_METER_EVENTS_URL;
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('STRIPE_METER_EVENTS_URL is malformed: expected https://host (for example https://meter-events.stripe.com)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(`STRIPE_METER_EVENTS_URL must start with https:// or http:// (got ${url.protocol}//)`);
  return value;
}
