import type Stripe from 'stripe';
import { stripeJson } from '../../core/json.ts';
import { p, parseShape } from '../../core/params.ts';
import type { RouteContext, Router } from '../../core/router.ts';
import { recordMeterEvent } from './meter-events.ts';
import { rfc3339 } from './v2-routes.ts';

const SESSION_SECONDS = 15 * 60;
const iso = (unix: number) => new Date(unix * 1000).toISOString();

const streamShape = {
  events: p.required(
    p.arr(
      p.obj({
        event_name: p.required(p.string({ nonEmpty: true, maxLength: 100 })),
        payload: p.required(p.metadata()),
        identifier: p.string({ nonEmpty: true, maxLength: 100 }),
        timestamp: p.string({ nonEmpty: true }),
      }),
      { max: 100 },
    ),
  ),
};

function v2Error(status: number, type: string, message: string, code?: string): Response {
  return new Response(stripeJson({ error: { type, message, ...(code ? { code } : {}) } }), { status, headers: { 'content-type': 'application/json' } });
}

/** The meter event session a stream request authenticates with (Bearer token), or the error to answer. */
function sessionOf(ctx: RouteContext): Response | null {
  const header = ctx.request?.headers.get('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const session = [...ctx.em.db.meterEventSessions.values()].find((s) => s.token === token);
  if (!session) return v2Error(401, 'invalid_request_error', 'Invalid meter event session token.', 'unauthorized');
  if (ctx.em.now() >= session.expiresAt)
    return v2Error(401, 'temporary_session_expired', 'The meter event session has expired. Create a new session.', 'billing_meter_event_session_expired');
  return null;
}

/** The v2 high-throughput meter event stream: a 15-minute session token, then batches of up to 100 events. */
export function meterStreamRoutes(r: Router): void {
  r.post('/v2/billing/meter_event_session', ({ em, body }) => {
    parseShape({}, body);
    const now = em.now();
    const session: Stripe.V2.Billing.MeterEventSession = {
      id: em.ids.next('mes'),
      object: 'v2.billing.meter_event_session',
      authentication_token: em.ids.secret('mes_token', 48),
      created: iso(now),
      expires_at: iso(now + SESSION_SECONDS),
      livemode: false,
    };
    em.db.meterEventSessions.put({ id: session.id, token: session.authentication_token, expiresAt: now + SESSION_SECONDS });
    return session;
  });
  r.post(
    '/v2/billing/meter_event_stream',
    (ctx) => {
      const denied = sessionOf(ctx);
      if (denied) return denied;
      const input = parseShape(streamShape, ctx.body);
      input.events.forEach((event, i) => {
        let timestamp: number | undefined;
        if (event.timestamp !== undefined) timestamp = rfc3339(event.timestamp, `events[${i}][timestamp]`);
        recordMeterEvent(
          ctx.em,
          {
            event_name: event.event_name,
            payload: event.payload,
            ...(event.identifier ? { identifier: event.identifier } : {}),
            ...(timestamp !== undefined ? { timestamp } : {}),
          },
          `events[${i}]`,
        );
      });
      return {};
    },
    { public: true },
  );
}
