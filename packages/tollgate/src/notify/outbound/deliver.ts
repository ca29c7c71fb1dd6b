import { sql } from 'drizzle-orm';
import { webhookDeliveries } from '../../core/db/schema/webhook-deliveries.ts';
import { type DrainResult, drainOutbox } from '../hooks/drain-outbox.ts';
import type { HookMessage } from '../hooks/types.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { WebhookEndpoint } from './endpoints.ts';
import { postWebhook } from './post.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './schedule.ts';
import { webhookHeaders } from './sign.ts';

export interface DeliverOptions {
  /** Whole-request deadline per delivery, ms (default 10,000). */
  timeoutMs?: number;
  /** Requests in flight to one endpoint at once (default 2). Endpoints never wait for each other. */
  concurrency?: number;
  /** Messages claimed per pass (default: `concurrency`, one per lane, so a claim is held about one request long). */
  batchSize?: number;
  /** Deliver to loopback, private and link-local addresses (default: the config's `outbound.allowPrivateNetworks`, else false). */
  allowPrivate?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
const DAY_MS = 86_400_000;

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

interface Outcome {
  status: number | null;
  error: string | null;
  /** The last attempt failed: no retry follows (replayable). */
  gaveUp: boolean;
}

async function record(deps: Deps, endpoint: WebhookEndpoint, message: HookMessage, outcome: Outcome) {
  const now = deps.clock.now();
  const delivered = outcome.error === null ? now : null;
  const failedAt = outcome.gaveUp ? now : null;
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
      failedAt,
      lastStatus: outcome.status,
      lastError: outcome.error,
      createdAt: now,
    })
    .onConflictDoUpdate({
      target: [webhookDeliveries.endpointId, webhookDeliveries.sourceId],
      set: {
        attempts: sql`${webhookDeliveries.attempts} + 1`,
        deliveredAt: delivered,
        failedAt,
        lastStatus: outcome.status,
        lastError: outcome.error,
        nextAttemptAt: now,
      },
    });
}

/**
 * Sends the outbox's due messages to one endpoint, signed (Standard Webhooks).
 * Progress and retries live in the durable outbox (consumer
 * `webhook:<endpoint id>`): a failure is retried on `RETRY_SCHEDULE_MS`
 * (over three days), then given up and kept for a replay; each attempt's
 * outcome is kept in webhook_deliveries. A 2xx answer is delivered; anything
 * else (a redirect included: never followed) is a failure. An endpoint gets
 * the messages created from its creation on (older ones only by a replay).
 */
export async function deliverToEndpoint(deps: Deps, endpoint: WebhookEndpoint, options: DeliverOptions = {}): Promise<DrainResult> {
  const timeoutMs = options.timeoutMs ?? deps.config.outbound?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const concurrency = Math.max(1, options.concurrency ?? deps.config.outbound?.concurrencyPerEndpoint ?? 2);
  const batchSize = options.batchSize ?? concurrency;
  const allowPrivate = options.allowPrivate ?? deps.config.outbound?.allowPrivateNetworks ?? false;
  const now = deps.clock.now();
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  return drainOutbox(
    deps,
    async (message, { last }) => {
      if (endpoint.events.length > 0 && !endpoint.events.includes(message.type)) return;
      const body = messageBody(message);
      const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
      let status: number | null = null;
      try {
        status = await postWebhook(endpoint.url, { headers: webhookHeaders(endpoint.secret, message.id, timestamp, body), body, timeoutMs, allowPrivate });
        if (status >= 300 && status < 400) throw new Error(`endpoint answered ${status} (redirects are not followed)`);
        if (status < 200 || status >= 300) throw new Error(`endpoint answered ${status}`);
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        await record(deps, endpoint, message, { status, error, gaveUp: last });
        throw e;
      }
      await record(deps, endpoint, message, { status, error: null, gaveUp: false });
    },
    {
      consumer: `webhook:${endpoint.id}`,
      since: endpoint.createdAt > weekAgo ? endpoint.createdAt : weekAgo,
      batchSize,
      concurrency,
      maxAttempts: MAX_ATTEMPTS,
      backoffMs: retryDelayMs,
      // A claim outlives the slowest pass (every lane's share of the batch timing out), and no more:
      // messages claimed by a process that died are taken up again once it ends.
      leaseSeconds: Math.ceil((Math.ceil(batchSize / concurrency) * timeoutMs) / 1000) + 15,
    },
  );
}
