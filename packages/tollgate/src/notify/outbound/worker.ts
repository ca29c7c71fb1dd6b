import type { DrainResult } from '../hooks/drain-outbox.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type DeliverOptions, deliverToEndpoint } from './deliver.ts';
import { listWebhookEndpoints, type WebhookEndpoint } from './endpoints.ts';

export interface OutboundWorker {
  /**
   * Starts a pass for every enabled endpoint that has none running, and
   * resolves when every pass running (new or not) has finished.
   */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Delivers the outbox to every registered endpoint every `intervalMs` (any
 * number of nodes may run it: claims are atomic). Each endpoint has its own
 * lane: a pass per endpoint, passes of different endpoints run side by side,
 * so an endpoint that hangs (each request ends at the delivery timeout)
 * never delays the others.
 */
export function startOutboundWorker(deps: Deps, options: DeliverOptions & { intervalMs?: number } = {}): OutboundWorker {
  const passes = new Map<string, Promise<void>>();
  let stopped = false;

  const pass = async (endpoint: WebhookEndpoint): Promise<void> => {
    // Drains while whole batches come back, so a backlog empties within one tick.
    for (;;) {
      let result: DrainResult;
      try {
        result = await deliverToEndpoint(deps, endpoint, options);
      } catch (e) {
        deps.log.warn('outbound webhook pass failed', { endpoint: endpoint.id, error: e instanceof Error ? e.message : String(e) });
        return;
      }
      // A pass claims one message per lane: claim again while every lane had one.
      const lanes = options.batchSize ?? Math.max(1, options.concurrency ?? deps.config.outbound?.concurrencyPerEndpoint ?? 2);
      if (stopped || result.delivered + result.failed + result.dead < lanes) return;
    }
  };

  const tick = async (): Promise<void> => {
    let endpoints: WebhookEndpoint[];
    try {
      endpoints = await listWebhookEndpoints(deps);
    } catch (e) {
      deps.log.warn('outbound webhooks: cannot list endpoints', { error: e instanceof Error ? e.message : String(e) });
      return;
    }
    for (const endpoint of endpoints) {
      if (stopped || passes.has(endpoint.id)) continue;
      passes.set(
        endpoint.id,
        pass(endpoint).finally(() => passes.delete(endpoint.id)),
      );
    }
    await Promise.all(passes.values());
  };

  const timer = setInterval(() => {
    if (!stopped) void tick();
  }, options.intervalMs ?? 2000);
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all(passes.values());
    },
  };
}
