import { CONTEXT_COLUMNS, CONTEXT_JOINS, type ContextRow, contextFromRow } from '../entitlements/customer-context.ts';
import { decide, type Entitlement, featurePlan } from '../entitlements/feature-plan.ts';
import { statement } from '../../core/db/sql.ts';
import type { SubscriptionState } from '../entitlements/resolve-plan.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import { creditEntitlement, type CreditState, refusalOf } from './entitlement.ts';
import { creditPeriod, ensureAccount } from './ensure-account.ts';
import { readCreditState } from './read-state.ts';
import { type CreditPrice, findSystem, planCapOf } from './systems.ts';

interface CreditCheckRow extends ContextRow {
  grants: string | number;
  debt: string | number | null;
  spent: string | number | null;
  spent_window: string | null;
  own_cap: boolean;
  cap: string | number | null;
}

// One read: the customer's context (as `check` reads it) and the balance: $1 customer, $2 system, $3 now.
const CHECK_SQL = `select ${CONTEXT_COLUMNS},
    coalesce((select sum(remaining) from credit_grants where customer_id = k.ext and system = $2
      and remaining > 0 and (expires_at is null or expires_at > $3::timestamptz)), 0) as grants,
    b.debt, b.spent, b.spent_window, sc.customer_id is not null as own_cap, sc.cap
  from (select $1::text as ext) k
  ${CONTEXT_JOINS}
  left join credit_balances b on b.customer_id = k.ext and b.system = $2
  left join spend_caps sc on sc.customer_id = k.ext and sc.scope = $2`;
const CHECK = statement<CreditCheckRow, [customer: string, system: string, at: string]>('tollgate_credit_check', CHECK_SQL);

export interface CheckCreditsInput {
  customer: string;
  feature: string;
  amount: number;
  subscription?: SubscriptionState | null;
}

/**
 * `check` of a feature priced in credits: would `amount` units fit the
 * balance (and the spend cap) now? One prepared read (the plan's credits for
 * a new period are granted first, once per process and period). Advisory,
 * like every check: `consume` is the atomic debit.
 */
export async function checkCredits(deps: Deps, input: CheckCreditsInput, price: CreditPrice): Promise<Result<Entitlement, AppError>> {
  const now = deps.clock.now();
  const [row] = await CHECK.rows(deps.db, [input.customer, price.system, now.toISOString()]);
  const context = contextFromRow(row);
  if (input.subscription !== undefined) context.subscription = input.subscription;
  const planned = featurePlan(deps.config, input.feature, context, now);
  if (!planned.ok) return planned;
  const fp = planned.value;
  if (fp.grant.kind === 'none') return ok(decide(fp, 0, 0, input.amount));
  const period = creditPeriod(fp.resolution, now);
  const planCap = planCapOf(fp.resolution.plan, price.system);
  const fresh = await ensureAccount(deps, input.customer, price.system, fp.resolution, period);
  // The period's plan credits were granted just now: read the balance again.
  const state: CreditState = fresh
    ? await readCreditState(deps.db, input.customer, price.system, now, period.key, planCap)
    : {
        balance: Number(row?.grants ?? 0) - Number(row?.debt ?? 0),
        spent: row?.spent_window === period.key ? Number(row.spent ?? 0) : 0,
        cap: row?.own_cap ? (row.cap === null ? null : Number(row.cap)) : planCap,
      };
  const system = findSystem(deps.config, price.system);
  const cost = price.cost * input.amount;
  return ok(creditEntitlement(fp, price.system, state, cost, refusalOf(state, cost, system.ok ? system.value.overdraft : 0)));
}
