import { unixSeconds } from '../../core/lib/clock.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError, errorResponse } from '../../core/lib/errors.ts';
import { type BatcherOptions, createBatcher } from '../../core/lib/batcher.ts';
import { type Delivery, ingestEvents } from './ingest-batch.ts';
import type { IngestResult, StripeEventLike } from './ingest-event.ts';
import { DEFAULT_TOLERANCE_SECONDS, verifySignature } from './verify-signature.ts';

export interface WebhookHandlerOptions {
  /** The endpoint's signing secret (`whsec_...`); several during a rotation. */
  secret: string | readonly string[];
  /** Largest accepted age of a signature, seconds (default 300; 0 disables). */
  toleranceSeconds?: number;
  /** Largest accepted body (default 1 MiB). */
  maxBodyBytes?: number;
  /**
   * Deliveries that arrive together are ingested together, one transaction
   * per batch (default: up to 100 per batch, 2 batches at once).
   */
  batch?: BatcherOptions;
}

const json = (status: number, body: unknown): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function parseEvent(text: string): StripeEventLike | AppError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return appError('invalid_request', 'the body is not JSON', 'body');
  }
  const e = value as Partial<StripeEventLike> | null;
  if (typeof e !== 'object' || e === null || e === undefined) return appError('invalid_request', 'the body is not a Stripe event', 'body');
  if (typeof e.id !== 'string' || e.id === '') return appError('invalid_request', 'the event has no id', 'id');
  if (typeof e.type !== 'string' || e.type === '') return appError('invalid_request', 'the event has no type', 'type');
  if (typeof e.created !== 'number' || !Number.isInteger(e.created)) return appError('invalid_request', 'the event has no created time', 'created');
  if (typeof e.data !== 'object' || e.data === null) return appError('invalid_request', 'the event has no data', 'data');
  return { id: e.id, type: e.type, created: e.created, livemode: e.livemode === true, data: e.data };
}

/**
 * The Stripe webhook endpoint as a web-standard handler (mount it at
 * `POST /api/v1/billing/webhook`). Raw body -> signature -> ledger -> mirror
 * -> outbox in one transaction. 400 with nothing stored for a bad signature
 * or body; 200 for processed, duplicate and unhandled types; 500 when
 * something broke, so Stripe retries.
 */
export function createWebhookHandler(deps: Deps, options: WebhookHandlerOptions): (request: Request) => Promise<Response> {
  const secrets = typeof options.secret === 'string' ? [options.secret] : [...options.secret];
  if (secrets.length === 0 || secrets.some((s) => s === '')) throw new TypeError('createWebhookHandler: a signing secret is required');
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const maxBytes = options.maxBodyBytes ?? 1024 * 1024;
  const ingest = createBatcher<Delivery, PromiseSettledResult<IngestResult>>((deliveries) => ingestEvents(deps, deliveries), options.batch);
  return async (request) => {
    if (request.method !== 'POST') return errorResponse(appError('invalid_request', 'use POST', 'method'));
    const body = new Uint8Array(await request.arrayBuffer());
    if (body.byteLength > maxBytes) return errorResponse(appError('payload_too_large', `the body exceeds ${maxBytes} bytes`, 'body'));
    const now = unixSeconds(deps.clock.now());
    const verified = verifySignature(body, request.headers.get('stripe-signature'), secrets, tolerance, now);
    if (!verified.ok) return errorResponse(verified.error);
    const text = new TextDecoder().decode(body);
    const event = parseEvent(text);
    if ('code' in event) return errorResponse(event);
    try {
      const settled = await ingest.submit({ event, body: text });
      if (settled.status === 'rejected') throw settled.reason;
      const result = settled.value;
      return json(200, { received: true, outcome: result.outcome });
    } catch (error) {
      deps.log.error('webhook processing failed', { eventId: event.id, type: event.type, error: String(error) });
      return errorResponse(appError('internal_error', 'the event could not be processed; Stripe will retry'));
    }
  };
}
