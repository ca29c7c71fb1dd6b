import type { Deps } from '../lib/deps.ts';
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
  const outbound = startOutboundWorker(deps);
  const reporter = options.stripe ? createReporter(deps) : undefined;
  reporter?.start();
  return {
    names: ['outbound webhooks', ...(reporter ? ['usage reporter'] : [])],
    async stop() {
      await Promise.all([outbound.stop(), reporter?.stop()]);
    },
  };
}
