import { perObject, sharedInFlight } from '../../core/lib/batcher.ts';
import { sql } from 'drizzle-orm';
import type { TollgateConfig } from '../../core/config/types.ts';
import { overageAmount } from '../../core/config/tiers.ts';
import type { Db } from '../../core/db/connect.ts';
import { queryRows } from '../../core/db/sql.ts';
import { decide, type Entitlement, type FeaturePlan, withEvent } from '../entitlements/feature-plan.ts';
import { grantOf } from '../entitlements/grant.ts';
import { statement } from '../../core/db/sql.ts';
import type { PlanDefinition } from '../../core/config/types.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { ensureCounter } from '../ledger/ensure-counter.ts';
import { EVENT_COLUMNS, type EventRow, eventFromRow, type UsageEvent } from '../ledger/event.ts';
import { idempotencyConflict, sameUsage } from '../ledger/idempotency.ts';
import { creditPeriod } from './ensure-account.ts';
import { type AlertDraft, insertAlerts, percentOf } from './insert-alerts.ts';
import { planCapOf } from './systems.ts';
import type { DebitInput } from './consume-debit.ts';

const OVERAGE_CAP = statement<{ cap: string | number | null }, [customer: string]>(
  'tollgate_overage_cap',
  `select cap from spend_caps where customer_id = $1 and scope = 'overage'`,
);

// Concurrent lookups of one customer's overage cap share the query in flight (nothing is kept after it settles).
const overageCaps = perObject((db: Db) =>
  sharedInFlight(async (customer) => {
    const [row] = await OVERAGE_CAP.rows(db, [customer]);
    return row ? { own: true, cap: row.cap === null ? null : Number(row.cap) } : { own: false, cap: null };
  }),
);

function readOverageCap(db: Db, customer: string): Promise<{ own: boolean; cap: number | null }> {
  return overageCaps(db)(customer);
}

/** The customer's overage cap per billing period (minor units): their own, else the plan's; null when none. */
export async function overageCapOf(db: Db, customer: string, plan: PlanDefinition | null): Promise<number | null> {
  const found = await readOverageCap(db, customer);
  return found.own ? found.cap : planCapOf(plan, 'overage');
}

/** What Stripe bills for `billable` units of a feature's overage in a period: whole `per` blocks, rounded up. */
function overageCost(config: TollgateConfig, plan: PlanDefinition | null, feature: string, billable: number): number {
  const def = config.features[feature];
  if (!def || billable <= 0) return 0;
  const grant = grantOf(plan, def, feature);
  if (grant.kind !== 'limited' || !grant.overage) return 0;
  return overageAmount(grant.overage, billable);
}

type Outcome =
  | { kind: 'inserted'; usedAfter: number; billableAfter: number; spent: number; spentAfter: number }
  | { kind: 'duplicate'; row: EventRow; used: number; billable: number }
  | { kind: 'refused'; used: number; billable: number; spent: number; spentAfter: number };

/**
 * `consume` of a metered feature with overage for a customer whose overage
 * spend is capped: usage beyond the included amount is allowed while what it
 * bills in the billing period (every capped feature, as Stripe bills it:
 * whole `per` blocks) stays within the cap; past it, `spend_cap_reached`.
 * A counter window that overlaps the period counts whole (a `billing_period`
 * feature's window is the period itself).
 * The customer's capped consumes are serialised by a transaction-scoped
 * advisory lock, and the counter row is locked as on the usual road, so the
 * cap holds across processes. `track` is never refused: usage it records
 * counts toward the cap for the next consume.
 */
export async function consumeCappedOverage(
  deps: Deps,
  input: DebitInput,
  fp: FeaturePlan,
  cap: number,
): Promise<Result<Entitlement & { event: UsageEvent }, AppError>> {
  const window = fp.window;
  const grant = fp.grant;
  if (!window || grant.kind !== 'limited') throw new Error('credits: a capped overage consume needs a limited metered grant');
  const now = deps.clock.now();
  const period = creditPeriod(fp.resolution, now);
  await ensureCounter(deps.db, input.customer, input.feature, window, now);
  const id = deps.ids.next('usg');
  const key = input.idempotencyKey ?? id;
  const outcome = await deps.db.transaction(async (tx): Promise<Outcome> => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`tollgate:overage:${input.customer}`}))`);
    const [counter] = await queryRows<{ used: string | number; billable: string | number }>(
      tx,
      sql`select used, billable from usage_counters where customer_id = ${input.customer} and feature = ${input.feature} and window_key = ${window.key} for update`,
    );
    const used = Number(counter?.used ?? 0);
    const billable = Number(counter?.billable ?? 0);
    const [original] = await queryRows<EventRow>(
      tx,
      sql`select ${sql.raw(EVENT_COLUMNS)} from usage_events where customer_id = ${input.customer} and idempotency_key = ${key}`,
    );
    if (original) return { kind: 'duplicate', row: original, used, billable };
    const rows = await queryRows<{ feature: string; billable: string | number }>(
      tx,
      sql`select feature, sum(billable) as billable from usage_counters
          where customer_id = ${input.customer} and soft and window_end > ${period.start.toISOString()}::timestamptz
            and window_start < ${period.end.toISOString()}::timestamptz
          group by feature`,
    );
    const byFeature = new Map(rows.map((r) => [r.feature, Number(r.billable)]));
    const added = Math.max(0, used + input.amount - grant.included) - Math.max(0, used - grant.included);
    const spendOf = (extra: number) =>
      [...new Set([...byFeature.keys(), input.feature])].reduce(
        (sum, f) => sum + overageCost(deps.config, fp.resolution.plan, f, (byFeature.get(f) ?? 0) + (f === input.feature ? extra : 0)),
        0,
      );
    const spent = spendOf(0);
    const spentAfter = spendOf(added);
    if (added > 0 && spentAfter > cap) return { kind: 'refused', used, billable, spent, spentAfter };
    const at = now.toISOString();
    await tx.execute(sql`
      insert into usage_events (id, customer_id, feature, amount, idempotency_key, occurred_at, recorded_at, window_key, properties)
      values (${id}, ${input.customer}, ${input.feature}, ${input.amount}, ${key}, ${at}::timestamptz, ${at}::timestamptz, ${window.key},
        ${input.properties ? JSON.stringify(input.properties) : null}::jsonb)`);
    await tx.execute(sql`
      update usage_counters set used = used + ${input.amount}, billable = billable + ${added}, included = ${grant.included}, soft = true,
        updated_at = ${at}::timestamptz
      where customer_id = ${input.customer} and feature = ${input.feature} and window_key = ${window.key}`);
    return { kind: 'inserted', usedAfter: used + input.amount, billableAfter: billable + added, spent, spentAfter };
  });
  if (outcome.kind === 'refused') {
    return err(
      appError(
        'spend_cap_reached',
        `The overage spend cap of ${cap} for this billing period would be passed (${outcome.spent} spent, ${outcome.spentAfter} with this).`,
        'amount',
        {
          plan: fp.resolution.planKey,
          scope: 'overage',
          spent: outcome.spent,
          cap,
        },
      ),
    );
  }
  if (outcome.kind === 'duplicate') {
    const event = eventFromRow(outcome.row, true);
    if (!sameUsage(event, { feature: input.feature, amount: input.amount, properties: input.properties })) return err(idempotencyConflict(event));
    return ok(withEvent(decide(fp, outcome.used, outcome.billable, 0), event));
  }
  await fireOverageAlerts(deps, input.customer, period.key, outcome.spent, outcome.spentAfter, cap);
  const event: UsageEvent = {
    id,
    customer: input.customer,
    feature: input.feature,
    amount: input.amount,
    idempotencyKey: key,
    timestamp: now.toISOString(),
    recordedAt: now.toISOString(),
    windowKey: window.key,
    properties: input.properties ?? null,
    reversesId: null,
    duplicate: false,
  };
  return ok(withEvent(decide(fp, outcome.usedAfter, outcome.billableAfter, 0), event));
}

/** Spend alerts on the overage cap (config `alerts.spend`), once per percent per billing period. */
async function fireOverageAlerts(deps: Deps, customer: string, window: string, before: number, after: number, cap: number): Promise<void> {
  const drafts: AlertDraft[] = [];
  for (const percent of deps.config.alerts?.spend ?? []) {
    if (after < percentOf(cap, percent)) continue;
    drafts.push({
      key: `spend:overage:${percent}`,
      window,
      type: 'spend.threshold_reached',
      payload: { customer, scope: 'overage', percent, spent: after, cap, window },
    });
  }
  if (drafts.length > 0 && after > before) await insertAlerts(deps, customer, drafts);
}
