import { sql } from 'drizzle-orm';
import { PAYMENT_EVENT_CUSTOMER } from '../../core/db/schema/payment-events.ts';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { formatMoney } from '../../core/lib/money.ts';
import { listMrrMovements } from '../metrics/list-movements.ts';

export interface TimelineEntry {
  at: string;
  /** `event` (a Stripe webhook event of the ledger), `hook` (an app notification), `delivery` (a hook's delivery to a consumer), `mrr`. */
  kind: 'event' | 'hook' | 'delivery' | 'mrr';
  type: string;
  detail: string;
  /** Events: processed / failed / pending; deliveries: delivered / failed / retrying / pending. */
  status: string | null;
  error: string | null;
  /** The Stripe event behind it, when one is known. */
  eventId: string | null;
}

type Row = Record<string, string | number | null>;
const LIMIT = 50;
/** A timestamp as the driver hands it (a Date, or text from PGlite's and node-postgres' raw rows) in ISO form. */
const iso = (v: unknown) => (v instanceof Date ? v : new Date(v as string)).toISOString();
const str = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));

/**
 * One customer's history, newest first, each source read by an index and
 * capped at 50: the Stripe events about it (the ledger, with whether each
 * was processed and why not: payment_events_customer_idx), its hooks (outbox
 * by customer id) with every delivery of them (in-process hooks and each
 * outbound endpoint, with attempts and the last error), and its MRR movements.
 */
export async function customerTimeline(deps: Pick<Deps, 'db'>, customer: { id: string; stripeCustomerId: string | null }): Promise<TimelineEntry[]> {
  const stripeId = customer.stripeCustomerId;
  const [events, hooks, deliveries, movements] = await Promise.all([
    stripeId
      ? queryRows<Row>(
          deps.db,
          sql`select id, type, received_at, processed_at, error, note from payment_events
              where ${PAYMENT_EVENT_CUSTOMER} = ${stripeId} order by received_at desc, id desc limit ${LIMIT}`,
        )
      : Promise.resolve([]),
    queryRows<Row>(
      deps.db,
      sql`select id, type, object_id, event_id, created_at from outbox where customer_id = ${customer.id} order by id desc limit ${LIMIT}`,
    ),
    queryRows<Row>(
      deps.db,
      sql`with h as (select id, type, event_id from outbox where customer_id = ${customer.id} order by id desc limit ${LIMIT})
          select h.id, h.type, h.event_id, d.consumer, d.attempts, d.delivered_at, d.dead_at, d.last_error, d.updated_at, e.url, w.last_status
          from h join outbox_deliveries d on d.outbox_id = h.id
          left join webhook_endpoints e on d.consumer = 'webhook:' || e.id
          left join webhook_deliveries w on w.endpoint_id = e.id and w.source_id = h.id
          order by d.updated_at desc limit ${LIMIT}`,
    ),
    stripeId ? listMrrMovements(deps, { stripeCustomerId: stripeId, limit: LIMIT }) : Promise.resolve([]),
  ]);
  const entries: TimelineEntry[] = [
    ...events.map((e) => ({
      at: iso(e.received_at),
      kind: 'event' as const,
      type: String(e.type),
      detail: String(e.id),
      status: e.error ? 'failed' : e.processed_at ? 'processed' : 'pending',
      error: str(e.error ?? e.note),
      eventId: String(e.id),
    })),
    ...hooks.map((h) => ({
      at: iso(h.created_at),
      kind: 'hook' as const,
      type: String(h.type),
      detail: str(h.object_id) ?? '',
      status: null,
      error: null,
      eventId: str(h.event_id),
    })),
    ...deliveries.map((d) => {
      const attempts = Number(d.attempts ?? 0);
      const to = d.consumer === 'hooks' ? 'in-process hooks' : (str(d.url) ?? String(d.consumer));
      const answered = d.last_status === null || d.last_status === undefined ? '' : `, last answer ${d.last_status}`;
      return {
        at: iso(d.delivered_at ?? d.updated_at),
        kind: 'delivery' as const,
        type: String(d.type),
        detail: `${String(d.id)} to ${to}: ${attempts} attempt${attempts === 1 ? '' : 's'}${answered}`,
        status: d.delivered_at ? 'delivered' : d.dead_at ? 'failed' : attempts > 0 ? 'retrying' : 'pending',
        error: str(d.last_error),
        eventId: str(d.event_id),
      };
    }),
    ...movements.map((m) => ({
      at: m.at.toISOString(),
      kind: 'mrr' as const,
      type: `mrr.${m.kind}`,
      detail: `MRR ${formatMoney({ amount: m.mrrBefore, currency: m.currency })} → ${formatMoney({ amount: m.mrrAfter, currency: m.currency })}`,
      status: null,
      error: null,
      eventId: m.eventId,
    })),
  ];
  return entries.sort((a, b) => b.at.localeCompare(a.at));
}
