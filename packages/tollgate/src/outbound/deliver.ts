import { sql } from 'drizzle-orm';
import { webhookDeliveries } from '../db/schema/webhook-deliveries.ts';
import { type DrainOptions, type DrainResult, drainOutbox } from '../hooks/drain-outbox.ts';
import type { HookMessage } from '../hooks/types.ts';
import type { Deps } from '../lib/deps.ts';
import type { WebhookEndpoint } from './endpoints.ts';
import { webhookHeaders } from './sign.ts';

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface DeliverOptions extends Partial<Omit<DrainOptions, 'consumer'>> {
  fetch?: Fetch;
  timeoutMs?: number;
}

/** The JSON an endpoint receives: the hook message, snake-free and stable. */
export function messageBody(message: HookMessage): string {
  return JSON.stringify({
    id: message.id,
    type: message.type,
    created_at: message.createdAt.toISOString(),
    customer: message.externalId,
    data: message.payload,
  });
}

async function record(deps: Deps, endpoint: WebhookEndpoint, message: HookMessage, outcome: { status: number | null; error: string | null }) {
  const now = deps.clock.now();
  const delivered = outcome.error === null ? now : null;
  await deps.db
    .insert(webhookDeliveries)
    .values({
      id: deps.ids.next('whd'),
      endpointId: endpoint.id,
      sourceId: message.id,
      type: message.type,
      payload: message.payload,
      attempts: 1,
      nextAttemptAt: now,
      deliveredAt: delivered,
      lastStatus: outcome.status,
      lastError: outcome.error,
      createdAt: now,
    })
    .onConflictDoUpdate({
      target: [webhookDeliveries.endpointId, webhookDeliveries.sourceId],
      set: { attempts: sql`${webhookDeliveries.attempts} + 1`, deliveredAt: delivered, lastStatus: outcome.status, lastError: outcome.error, nextAttemptAt: now },
    });
}

/**
 * Sends the outbox's due messages to one endpoint, signed (Standard Webhooks).
 * Progress and retries with backoff live in the durable outbox (consumer
 * `webhook:<endpoint id>`); each attempt's outcome is kept in webhook_deliveries.
 * A 2xx answer is delivered; anything else is retried later.
 */
export async function deliverToEndpoint(deps: Deps, endpoint: WebhookEndpoint, options: DeliverOptions = {}): Promise<DrainResult> {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  return drainOutbox(
    deps,
    async (message) => {
      if (endpoint.events.length > 0 && !endpoint.events.includes(message.type)) return;
      const body = messageBody(message);
      const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
      let status: number | null = null;
      try {
        const response = await send(endpoint.url, {
          method: 'POST',
          headers: webhookHeaders(endpoint.secret, message.id, timestamp, body),
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        status = response.status;
        await response.body?.cancel();
        if (!response.ok) throw new Error(`endpoint answered ${response.status}`);
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        await record(deps, endpoint, message, { status, error });
        throw e;
      }
      await record(deps, endpoint, message, { status, error: null });
    },
    { ...options, consumer: `webhook:${endpoint.id}` },
  );
}
