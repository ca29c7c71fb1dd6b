import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { resolvePlanPrice } from '../checkout/plan-price.ts';
import type { BillingInterval } from '../../core/config/stripe-keys.ts';
import { hasVersion, planVersions } from '../../core/config/versions.ts';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { INPUT_LIMITS, text } from '../../core/lib/input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';

const NOT_A_VERSION = 'must be a plan version such as "v1" or 2';

/** A plan version as an operator types it: `v1`, `1` or 1. */
const planVersion = z.union([z.string(), z.number()], { error: NOT_A_VERSION }).transform((value, ctx) => {
  const digits = typeof value === 'number' ? String(value) : value.trim().replace(/^v/i, '');
  if (/^[1-9][0-9]{0,3}$/.test(digits)) return Number(digits);
  ctx.addIssue({ code: 'custom', message: NOT_A_VERSION });
  return z.NEVER;
});

/** What `migratePlan` and `previewPlanMigration` are asked to do (from flags or a request); the config is checked by `checkMigration`. */
export const planMigrationInput = z
  .object({
    plan: text(INPUT_LIMITS.key),
    from: planVersion,
    to: planVersion,
    /** `period_end` (default: each subscriber moves at renewal, no proration) or `now` (prorated, invoiced at once); any text, as a flag gives it. */
    at: z
      .string()
      .pipe(z.enum(['period_end', 'now'], { error: 'must be "period_end" or "now"' }))
      .default('period_end'),
  })
  .superRefine(({ from, to }, ctx) => {
    if (from === to) ctx.addIssue({ code: 'custom', path: ['to'], message: `must differ from from (both are v${from}): nothing to migrate` });
  });
export type PlanMigrationInput = z.input<typeof planMigrationInput>;
export type PlanMigrationSpec = z.output<typeof planMigrationInput>;

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

/**
 * Checks a parsed migration against the config: the plan (`plan_not_found`)
 * and both versions (`plan_version_not_found`, naming `from` or `to` and
 * listing the versions the config describes). Reads nothing else.
 */
export function checkMigration(deps: Pick<Deps, 'config'>, spec: PlanMigrationSpec): Result<PlanMigrationSpec, AppError> {
  const plan = Object.hasOwn(deps.config.plans, spec.plan) ? deps.config.plans[spec.plan] : undefined;
  if (!plan) return err(appError('plan_not_found', `no plan "${spec.plan}" in the config (plans: ${Object.keys(deps.config.plans).join(', ')})`, 'plan'));
  for (const param of ['from', 'to'] as const) {
    if (!hasVersion(plan, spec[param])) {
      const known = planVersions(plan)
        .map((v) => `v${v.version}`)
        .join(', ');
      return err(appError('plan_version_not_found', `plan "${spec.plan}" has no version v${spec[param]} in the config (versions: ${known})`, param));
    }
  }
  return ok(spec);
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
