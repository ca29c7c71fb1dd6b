import type { Deps } from '../../core/lib/deps.ts';
import { startCreditsWorker } from '../../usage/credits/worker.ts';
import { ConfigError } from '../../core/lib/errors.ts';
import { startLicenseSweeper } from '../../licenses/sweep-worker.ts';
import { startOutboundWorker } from '../../notify/outbound/worker.ts';
import { createReporter, type ReporterOptions } from '../../usage/reporter/run-reporter.ts';
import { startSeatSync } from '../../commands/subscriptions/seat-sync-worker.ts';
import { startSuspensionSweep } from '../../usage/entitlements/sweep-suspensions.ts';

export interface Workers {
  names: string[];
  stop(): Promise<void>;
}

/**
 * The background work a node runs next to the API: the usage reporter (meter
 * events to Stripe), outbound webhook delivery, the license sweep (the
 * hooks of past-due graces and license terms that end), the suspension sweep
 * (entitlement hooks) and seat sync when a plan has `seatSync`. They claim or
 * compare-and-set their work in the database or send it under one
 * idempotency key, so every node may run them (TOLLGATE_WORKERS=0 turns them off).
 */
export function startWorkers(deps: Deps, options: { env: NodeJS.ProcessEnv; stripe: boolean }): Workers {
  if (options.env.TOLLGATE_WORKERS === '0') return { names: [], stop: async () => {} };
  const reporterOptions = reporterOptionsFrom(options.env);
  const outbound = startOutboundWorker(deps);
  const licenses = startLicenseSweeper(deps);
  const reporter = options.stripe ? createReporter(deps, reporterOptions) : undefined;
  reporter?.start();
  // Per-seat plans with seatSync: the quantity follows the user count (subscriptions/sync-seats.ts).
  const seats = options.stripe && Object.values(deps.config.plans).some((p) => p.seatSync) ? startSeatSync(deps) : undefined;
  // entitlements.suspended / restored when a past-due grace ends or payment recovers.
  const suspensions = startSuspensionSweep(deps);
  // Credits (expiry, top-ups, alerts) when the config sells credits or sets alerts.
  const credits = deps.config.credits || deps.config.alerts ? startCreditsWorker(deps, { stripe: options.stripe }) : undefined;
  return {
    names: [
      'outbound webhooks',
      'license sweep',
      ...(reporter ? ['usage reporter'] : []),
      ...(seats ? ['seat sync'] : []),
      'suspension sweep',
      ...(credits ? ['credits'] : []),
    ],
    async stop() {
      await Promise.all([outbound.stop(), licenses.stop(), reporter?.stop(), seats?.stop(), suspensions.stop(), credits?.stop()]);
    },
  };
}

/**
 * The usage reporter's settings from the environment; a bad value stops the
 * start with one line naming the variable (exit 78):
 * - `STRIPE_METER_EVENTS_URL` (see meterEventsUrlFrom);
 * - `TOLLGATE_REPORTER_RATE`: Stripe calls per second at most (default 100);
 * - `TOLLGATE_REPORTER_OPEN_WINDOW_SECONDS`: how often usage in a window still
 *   open is reported (default 3600; `never` waits for windows to close).
 */
export function reporterOptionsFrom(env: NodeJS.ProcessEnv): ReporterOptions {
  const out: ReporterOptions = {};
  const meterEventsUrl = meterEventsUrlFrom(env);
  if (meterEventsUrl) out.meterEventsUrl = meterEventsUrl;
  const rate = env.TOLLGATE_REPORTER_RATE;
  if (rate !== undefined && rate !== '') {
    const value = Number(rate);
    if (!Number.isFinite(value) || value <= 0)
      throw new ConfigError(`TOLLGATE_REPORTER_RATE must be a number of Stripe calls per second above 0 (got ${JSON.stringify(rate)})`);
    out.ratePerSecond = value;
  }
  const open = env.TOLLGATE_REPORTER_OPEN_WINDOW_SECONDS;
  if (open !== undefined && open !== '') {
    const value = open === 'never' ? Number.POSITIVE_INFINITY : Number(open);
    if (Number.isNaN(value) || value < 0 || (open !== 'never' && !Number.isFinite(value)))
      throw new ConfigError(`TOLLGATE_REPORTER_OPEN_WINDOW_SECONDS must be a number of seconds (0 or more) or "never" (got ${JSON.stringify(open)})`);
    out.openWindowIntervalMs = value * 1000;
  }
  return out;
}

/**
 * `STRIPE_METER_EVENTS_URL`: where the reporter sends the v2 meter event
 * stream (features with `reporting: 'stream'`); unset = Stripe's
 * meter-events host (or the emulator, when the Stripe client points at one).
 */
function meterEventsUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
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
