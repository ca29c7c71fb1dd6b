import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import { enqueueHooks } from '../../notify/hooks/enqueue.ts';
import type { HookDraft, MrrMovementSnapshot } from '../../notify/hooks/types.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { crossMilestones } from './milestones.ts';
import { SUBSCRIPTION_MRR } from './mrr-sql.ts';

type Kind = MrrMovementSnapshot['kind'];
type Current = { id: string; stripe_customer_id: string; currency: string; plan_key: string | null; mrr: string; at: string };
type Last = { subscription_id: string; stripe_customer_id: string; currency: string; plan_key: string | null; mrr_after: string };

/** A subscription the mirror just saved, and the event that carried it. */
export interface SavedSubscription {
  id: string;
  eventId: string | null;
}

/**
 * Classifies a change of one subscription's MRR at the customer's level: from
 * nothing, `new` for a first-time customer, `reactivation` for one who had
 * paid before, `expansion` when the customer pays for another subscription
 * already; to nothing, `churn`, or `contraction` while another subscription
 * still pays; otherwise up or down.
 */
export function classify(before: number, after: number, customerOther: number, customerSeen: boolean): Kind {
  if (before === 0) return customerOther > 0 ? 'expansion' : customerSeen ? 'reactivation' : 'new';
  if (after === 0) return customerOther > 0 ? 'contraction' : 'churn';
  return after > before ? 'expansion' : 'contraction';
}

/**
 * Road 1's MRR bookkeeping: called by the mirror, in the transaction that
 * saved `saved`, after the save. Compares each subscription's MRR now (the
 * `computeMrr` rule, rounded per subscription) with its last movement, writes
 * the movements and the running totals in one statement, crosses milestones,
 * and enqueues `mrr.changed` / `mrr.milestone`. Returns the outbox ids by
 * subscription id.
 */
export async function recordMrrMovements(deps: Deps, saved: SavedSubscription[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (saved.length === 0) return out;
  const ids = JSON.stringify(saved.map((s) => s.id));
  const current = await queryRows<Current>(
    deps.db,
    sql`select id, stripe_customer_id, currency, plan_key, ${SUBSCRIPTION_MRR} as mrr, to_timestamp(source_at) as at
        from subscriptions where id in (select jsonb_array_elements_text(${ids}::jsonb)) order by id`,
  );
  if (current.length === 0) return out;
  const customers = JSON.stringify([...new Set(current.map((c) => c.stripe_customer_id))]);
  const lasts = await queryRows<Last>(
    deps.db,
    sql`select distinct on (subscription_id) subscription_id, stripe_customer_id, currency, plan_key, mrr_after
        from mrr_movements where stripe_customer_id in (select jsonb_array_elements_text(${customers}::jsonb))
        order by subscription_id, at desc, id desc`,
  );
  const last = new Map(
    lasts.map((l) => [l.subscription_id, { currency: l.currency, mrr: Number(l.mrr_after), plan: l.plan_key, customer: l.stripe_customer_id }]),
  );
  const seen = new Set(lasts.map((l) => l.stripe_customer_id));
  const otherMrr = (customer: string, subscription: string, currency: string) => {
    let sum = 0;
    for (const [id, l] of last) if (id !== subscription && l.customer === customer && l.currency === currency) sum += l.mrr;
    return sum;
  };
  const eventOf = new Map(saved.map((s) => [s.id, s.eventId]));
  const now = deps.clock.now().toISOString();
  const moves: (MrrMovementSnapshot & { eventId: string | null })[] = [];
  const move = (c: Current, currency: string, before: number, after: number, plan: string | null, previousPlan: string | null) => {
    const kind = classify(before, after, otherMrr(c.stripe_customer_id, c.id, currency), seen.has(c.stripe_customer_id));
    const at = new Date(c.at).toISOString();
    moves.push({
      id: deps.ids.next('mrm'),
      kind,
      subscriptionId: c.id,
      stripeCustomerId: c.stripe_customer_id,
      currency,
      planKey: plan,
      previousPlanKey: previousPlan,
      mrrBefore: before,
      mrrAfter: after,
      amount: after - before,
      at,
      eventId: eventOf.get(c.id) ?? null,
    });
    last.set(c.id, { currency, mrr: after, plan, customer: c.stripe_customer_id });
    seen.add(c.stripe_customer_id);
  };
  for (const c of current) {
    const after = Number(c.mrr);
    const prev = last.get(c.id);
    let before = prev?.mrr ?? 0;
    if (prev && prev.currency !== c.currency && before > 0) {
      move(c, prev.currency, before, 0, prev.plan, prev.plan);
      before = 0;
    }
    if (before !== after) move(c, c.currency, before, after, c.plan_key, prev?.plan ?? null);
  }
  if (moves.length === 0) return out;
  const totals = await queryRows<{ currency: string; mrr: string; subscribers: number }>(
    deps.db,
    sql`with ins as (
          insert into mrr_movements (id, subscription_id, stripe_customer_id, currency, kind, plan_key, previous_plan_key,
                                     mrr_before, mrr_after, amount, at, event_id, source, created_at)
          select id, "subscriptionId", "stripeCustomerId", currency, kind, "planKey", "previousPlanKey", "mrrBefore", "mrrAfter", amount,
                 at, "eventId", 'live', ${now}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(moves)}::jsonb) as m(id text, "subscriptionId" text, "stripeCustomerId" text,
            currency text, kind text, "planKey" text, "previousPlanKey" text, "mrrBefore" bigint, "mrrAfter" bigint, amount bigint,
            at timestamptz, "eventId" text)
          returning currency, amount, mrr_before, mrr_after
        )
        insert into mrr_totals (currency, mrr, subscribers, updated_at)
        select currency, sum(amount), sum((mrr_after > 0)::int - (mrr_before > 0)::int), ${now}::timestamptz from ins
        group by currency order by currency
        on conflict (currency) do update set mrr = mrr_totals.mrr + excluded.mrr,
          subscribers = mrr_totals.subscribers + excluded.subscribers, updated_at = excluded.updated_at
        returning currency, mrr, subscribers`,
  );
  const byCurrency = new Map(totals.map((t) => [t.currency, { currency: t.currency, mrr: Number(t.mrr), subscribers: Number(t.subscribers) }]));
  const byEvent = new Map<string | null, { drafts: HookDraft[]; subscriptions: string[] }>();
  const add = (eventId: string | null, draft: HookDraft, subscription: string) => {
    const group = byEvent.get(eventId) ?? { drafts: [], subscriptions: [] };
    group.drafts.push(draft);
    group.subscriptions.push(subscription);
    byEvent.set(eventId, group);
  };
  for (const { eventId, ...movement } of moves) {
    const total = byCurrency.get(movement.currency) ?? { currency: movement.currency, mrr: 0, subscribers: 0 };
    add(
      eventId,
      {
        type: 'mrr.changed',
        objectId: movement.subscriptionId,
        stripeCustomerId: movement.stripeCustomerId,
        payload: { movement, mrr: { currency: total.currency, amount: total.mrr, subscribers: total.subscribers } },
      },
      movement.subscriptionId,
    );
  }
  const rising = [...byCurrency.values()].filter((t) => moves.some((m) => m.currency === t.currency && m.amount > 0));
  const lastMove = moves[moves.length - 1];
  for (const draft of await crossMilestones(deps, rising, { fire: true })) add(lastMove?.eventId ?? null, draft, lastMove?.subscriptionId ?? '');
  for (const [eventId, group] of byEvent) {
    const outboxIds = await enqueueHooks(deps, group.drafts, eventId);
    group.subscriptions.forEach((id, i) => out.set(id, [...(out.get(id) ?? []), outboxIds[i] ?? '']));
  }
  return out;
}
