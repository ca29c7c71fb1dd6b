import { sql } from 'drizzle-orm';
import { resolvePlanPrice } from '../checkout/plan-price.ts';
import type { BillingInterval } from '../../core/config/stripe-keys.ts';
import { hasVersion, planVersions } from '../../core/config/versions.ts';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';

/** What `tollgate plans migrate` is asked to do (untrusted: from flags or a request). */
export interface PlanMigrationInput {
  plan: unknown;
  /** `v1`, `1` or 1. */
  from: unknown;
  to: unknown;
  /** `period_end` (default: each subscriber moves at renewal, no proration) or `now` (prorated, invoiced at once). */
  at?: unknown;
}

export interface PlanMigrationSpec {
  plan: string;
  from: number;
  to: number;
  at: 'period_end' | 'now';
}

/** A subscriber on the `from` version, as the mirror holds it. */
export interface MigrationTarget {
  subscriptionId: string;
  /** The app's customer id. */
  customer: string;
  status: string;
  interval: BillingInterval;
  intervalCount: number;
  quantity: number;
  currency: string;
  /** Per-period list amount, minor units. */
  amount: number;
  discountPercentOff: number | null;
  discountAmountOff: number | null;
}

function parseVersion(value: unknown, param: string): Result<number, AppError> {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/^v/i, '') : '';
  if (!/^[1-9][0-9]{0,3}$/.test(text)) return err(appError('validation_failed', `${param} must be a plan version such as "v1" or 2`, param));
  return ok(Number(text));
}

/**
 * Checks a migration request against the config: the plan (`plan_not_found`),
 * both versions (`plan_version_not_found`, naming `from` or `to` and listing
 * the versions the config describes), and the timing. Reads nothing else.
 */
export function checkMigration(deps: Pick<Deps, 'config'>, input: PlanMigrationInput): Result<PlanMigrationSpec, AppError> {
  if (typeof input.plan !== 'string' || input.plan === '') return err(appError('validation_failed', 'plan must be a plan key', 'plan'));
  const plan = Object.hasOwn(deps.config.plans, input.plan) ? deps.config.plans[input.plan] : undefined;
  if (!plan) return err(appError('plan_not_found', `no plan "${input.plan}" in the config (plans: ${Object.keys(deps.config.plans).join(', ')})`, 'plan'));
  const known = planVersions(plan)
    .map((v) => `v${v.version}`)
    .join(', ');
  const versions: number[] = [];
  for (const param of ['from', 'to'] as const) {
    const v = parseVersion(input[param], param);
    if (!v.ok) return v;
    if (!hasVersion(plan, v.value)) {
      return err(appError('plan_version_not_found', `plan "${input.plan}" has no version v${v.value} in the config (versions: ${known})`, param));
    }
    versions.push(v.value);
  }
  const [from = 0, to = 0] = versions;
  if (from === to) return err(appError('validation_failed', `from and to are both v${from}: nothing to migrate`, 'to'));
  const at = input.at ?? 'period_end';
  if (at !== 'period_end' && at !== 'now') return err(appError('validation_failed', 'at must be "period_end" or "now"', 'at'));
  return ok({ plan: input.plan, from, to, at });
}

/**
 * Subscribers billing on the `from` version (active, trialing or past due),
 * in subscription id order, less those an earlier run already scheduled to
 * move to the same version at period end (they are still on `from` until
 * their renewal).
 */
export async function findMigrationTargets(deps: Pick<Deps, 'db'>, spec: PlanMigrationSpec): Promise<MigrationTarget[]> {
  const rows = await queryRows<{
    id: string;
    customer: string;
    status: string;
    interval: string | null;
    interval_count: number | null;
    quantity: number | null;
    currency: string;
    amount: string | number;
    discount_percent_off: string | number | null;
    discount_amount_off: string | number | null;
  }>(
    deps.db,
    sql`select s.id, c.external_id as customer, s.status, s.interval, s.interval_count, s.quantity, s.currency, s.amount,
          s.discount_percent_off, s.discount_amount_off
        from subscriptions s
        join customers c on c.stripe_customer_id = s.stripe_customer_id and not c.deleted
        where s.plan_key = ${spec.plan} and coalesce(s.plan_version, 1) = ${spec.from}
          and s.status in ('active', 'trialing', 'past_due')
          and not exists (
            select 1 from plan_migration_items i join plan_migrations m on m.id = i.migration_id
            where i.subscription_id = s.id and i.status = 'moved' and m.plan_key = ${spec.plan}
              and m.to_version = ${spec.to} and m.at = 'period_end')
        order by s.id`,
  );
  return rows.map((r) => ({
    subscriptionId: r.id,
    customer: r.customer,
    status: r.status,
    interval: r.interval === 'year' ? 'year' : 'month',
    intervalCount: r.interval_count ?? 1,
    quantity: r.quantity ?? 1,
    currency: r.currency,
    amount: Number(r.amount),
    discountPercentOff: r.discount_percent_off === null ? null : Number(r.discount_percent_off),
    discountAmountOff: r.discount_amount_off === null ? null : Number(r.discount_amount_off),
  }));
}

/** The target version's price per interval the subscribers use, or the first `price_not_found` (naming `to`): checked before anything moves. */
export async function targetPrices(deps: Deps, spec: PlanMigrationSpec, targets: MigrationTarget[]): Promise<Result<Map<BillingInterval, number>, AppError>> {
  const amounts = new Map<BillingInterval, number>();
  for (const interval of new Set(targets.map((t) => t.interval))) {
    const price = await resolvePlanPrice(deps, spec.plan, interval, 'to', spec.to);
    if (!price.ok) return price;
    amounts.set(interval, price.value.price.unit_amount ?? 0);
  }
  return ok(amounts);
}

/** Monthly recurring revenue of one subscription at a per-period list amount, as metrics/compute-mrr.ts counts it (minor units, rounded). */
export function monthlyRevenue(target: MigrationTarget, periodAmount: number): number {
  if (target.status !== 'active' && target.status !== 'past_due') return 0;
  const discounted = Math.max(0, periodAmount * (1 - (target.discountPercentOff ?? 0) / 100) - (target.discountAmountOff ?? 0));
  const months = (target.interval === 'year' ? 12 : 1) * Math.max(1, target.intervalCount);
  return Math.round(discounted / months);
}
