import Stripe from 'stripe';
import type { Deps } from '../../core/lib/deps.ts';
import { createStripeClient } from '../../core/stripe/client.ts';
import type { RateLimiter } from './rate-limiter.ts';

/** Stripe takes at most 100 events per meter event stream request. */
export const MAX_STREAM_EVENTS = 100;
/** A session is renewed this long before Stripe says it expires. */
const RENEW_MARGIN_MS = 60_000;

export interface StreamEvent {
  event_name: string;
  identifier: string;
  /** RFC 3339. */
  timestamp: string;
  payload: { stripe_customer_id: string; value: string };
}

export interface MeterEventStreamOptions {
  /**
   * Where stream requests go. Default: the host `deps.stripe` resolves for
   * them, which is meter-events.stripe.com for a client on api.stripe.com and
   * the client's own host for one pointed elsewhere (the stripe-emulator).
   */
  baseUrl?: string;
}

/**
 * Sends meter events through Stripe's v2 meter event stream. Sessions are
 * created with the account's key (`POST /v2/billing/meter_event_session`)
 * and their token is kept until shortly before it expires (15 minutes);
 * a token Stripe reports expired is renewed once and the request resent.
 * Every request (sessions included) takes a slot from the rate limiter.
 */
export interface MeterEventStream {
  /** Sends up to 100 events in one request; throws what the SDK throws. */
  send(events: StreamEvent[]): Promise<void>;
}

export function createMeterEventStream(deps: Deps, limiter: RateLimiter, options: MeterEventStreamOptions = {}): MeterEventStream {
  // The session token authenticates stream requests; the client's own key is never sent there.
  const streamClient = options.baseUrl ? createStripeClient({ apiKey: 'unused_session_auth', baseUrl: options.baseUrl }) : deps.stripe;
  let session: { token: string; renewAt: number } | null = null;
  let creating: Promise<string> | null = null;

  async function createSession(): Promise<string> {
    await limiter.acquire();
    const startedAt = deps.clock.now().getTime();
    const created = await deps.stripe.v2.billing.meterEventSession.create();
    // Stripe's lifetime applied to our clock: no trust in the two clocks agreeing.
    const lifetime = Date.parse(created.expires_at) - Date.parse(created.created);
    session = { token: created.authentication_token, renewAt: startedAt + Math.max(0, lifetime - RENEW_MARGIN_MS) };
    return session.token;
  }

  async function token(): Promise<string> {
    if (session && deps.clock.now().getTime() < session.renewAt) return session.token;
    session = null;
    // Concurrent senders share one session create.
    creating ??= createSession().finally(() => {
      creating = null;
    });
    return creating;
  }

  async function post(events: StreamEvent[], auth: string): Promise<void> {
    await limiter.acquire();
    await streamClient.v2.billing.meterEventStream.create({ events }, { apiKey: auth });
  }

  return {
    async send(events) {
      if (events.length === 0) return;
      if (events.length > MAX_STREAM_EVENTS) throw new RangeError(`at most ${MAX_STREAM_EVENTS} events per stream request`);
      const auth = await token();
      try {
        await post(events, auth);
      } catch (error) {
        if (!(error instanceof Stripe.errors.TemporarySessionExpiredError)) throw error;
        if (session?.token === auth) session = null;
        await post(events, await token());
      }
    },
  };
}
