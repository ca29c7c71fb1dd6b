import type { Deps } from '../core/lib/deps.ts';
import { startPeriodic } from '../core/lib/periodic.ts';
import { activeSigningKey } from './signing-key.ts';
import { grantsLicenses } from './status.ts';
import { type SweepResult, sweepLicenses } from './sweep.ts';

export interface LicenseSweeper {
  /** One sweep now (what the timer runs). */
  tick(): Promise<SweepResult>;
  stop(): Promise<void>;
}

/**
 * Runs `sweepLicenses` every `intervalMs` (default a minute), so the hooks of
 * what time alone changes (a past-due grace ending, a `validFor` end) fire
 * within about that long. Any number of nodes may run it: each change is a
 * compare-and-set. Idle when the config grants no license; otherwise it
 * also makes the first signing key at start, so the webhook that issues the
 * first license finds one.
 */
export function startLicenseSweeper(deps: Deps, options: { intervalMs?: number } = {}): LicenseSweeper {
  if (grantsLicenses(deps.config)) {
    activeSigningKey(deps).catch((error: unknown) =>
      deps.log.warn('license signing key not ready', { error: error instanceof Error ? error.message : String(error) }),
    );
  }
  const task = startPeriodic(() => (grantsLicenses(deps.config) ? sweepLicenses(deps) : Promise.resolve({ suspended: 0, expired: 0 })), {
    intervalMs: options.intervalMs ?? 60_000,
    log: deps.log,
    failure: 'license sweep failed',
    level: 'warn',
    unref: true,
  });
  return { tick: () => task.runOnce(), stop: () => task.stop() };
}
