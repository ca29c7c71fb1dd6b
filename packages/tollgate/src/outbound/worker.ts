import type { Deps } from '../lib/deps.ts';
import { type DeliverOptions, deliverToEndpoint } from './deliver.ts';
import { listWebhookEndpoints } from './endpoints.ts';

export interface OutboundWorker {
  /** One pass over every enabled endpoint. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** Delivers the outbox to every registered endpoint every `intervalMs` (any number of nodes may run it). */
export function startOutboundWorker(deps: Deps, options: DeliverOptions & { intervalMs?: number } = {}): OutboundWorker {
  let running: Promise<void> | undefined;
  let stopped = false;
  const pass = async () => {
    for (const endpoint of await listWebhookEndpoints(deps)) {
      await deliverToEndpoint(deps, endpoint, options).catch((e: unknown) =>
        deps.log.warn('outbound webhook pass failed', { endpoint: endpoint.id, error: e instanceof Error ? e.message : String(e) }),
      );
    }
  };
  const tick = () => (running ??= pass().finally(() => (running = undefined)));
  const timer = setInterval(() => {
    if (!stopped) void tick();
  }, options.intervalMs ?? 2000);
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
