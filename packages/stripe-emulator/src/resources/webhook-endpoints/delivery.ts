import type Stripe from 'stripe';
import type { DeliveryAttempt } from '../../core/records.ts';
import type { Emulator } from '../../core/emulator.ts';
import { signatureHeader } from './signature.ts';

/** Stripe retries for up to three days with growing gaps; tests pass a fast schedule. */
export const DEFAULT_RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 5 * 3600_000, 10 * 3600_000, 24 * 3600_000];

export function endpointWants(endpoint: Stripe.WebhookEndpoint, type: string): boolean {
  return endpoint.status === 'enabled' && (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type));
}

/** Sends every committed event to the endpoints that want it, with signatures, retries and a delivery log. */
export class WebhookDispatcher {
  readonly #timers = new Set<NodeJS.Timeout>();
  /** One chain per endpoint, so an endpoint receives first attempts in event order. */
  readonly #chains = new Map<string, Promise<void>>();
  #closed = false;

  constructor(private readonly em: Emulator) {
    em.onEvent((event) => this.dispatch(event));
  }

  dispatch(event: Stripe.EventBase): void {
    if (this.#closed) return;
    const send = () => this.#send(event);
    for (const hook of this.em.hooks.webhookSchedule) if (hook(event, send)) return;
    send();
  }

  #send(event: Stripe.EventBase): void {
    if (this.#closed) return;
    for (const endpoint of this.em.db.webhookEndpoints.values()) {
      if (!endpointWants(endpoint, event.type)) continue;
      const previous = this.#chains.get(endpoint.id) ?? Promise.resolve();
      const next = previous.then(() => this.#attempt(event, endpoint.id, 1));
      this.#chains.set(endpoint.id, next);
    }
  }

  async #attempt(event: Stripe.EventBase, endpointId: string, attempt: number): Promise<void> {
    const endpoint = this.em.db.webhookEndpoints.get(endpointId);
    if (this.#closed || !endpoint || !endpoint.secret) return;
    const payload = JSON.stringify(event, null, 2);
    const timestamp = this.em.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signatureHeader(payload, endpoint.secret, timestamp),
        },
        body: payload,
        signal: AbortSignal.timeout(this.em.options.webhookTimeoutMs ?? 10_000),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const succeeded = status !== null && status >= 200 && status < 300;
    const record: DeliveryAttempt = {
      id: this.em.ids.next('whdel'),
      event: event.id,
      type: event.type,
      endpoint: endpointId,
      attempt,
      at: this.em.clock.now(),
      status,
      error,
      succeeded,
    };
    this.em.db.deliveries.put(record);
    if (succeeded || this.#closed) return;
    const delays = this.em.options.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    const delay = delays[attempt - 1];
    if (delay === undefined) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(event, endpointId, attempt + 1);
    }, delay);
    timer.unref();
    this.#timers.add(timer);
  }

  /** Stops retries (pending first attempts finish or fail on their own). */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
