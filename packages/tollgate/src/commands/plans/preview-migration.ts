import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { parseInput } from '../../core/lib/parse-input.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import { previewPlanChange } from '../subscriptions/preview-change.ts';
import { errorMessage, type MigrationPace, migrationLimiter } from './migration-pace.ts';
import {
  checkMigration,
  planMigrationInput,
  findMigrationTargets,
  monthlyRevenue,
  type PlanMigrationInput,
  type PlanMigrationSpec,
  targetPrices,
} from './migration-targets.ts';

export interface MigrationPreviewLine {
  customer: string;
  subscription: string;
  currency: string;
  /** The prorated amount of the change (0 at period end), minor units. */
  prorationAmount: number;
  /** What the change's invoice comes to: now for `at: now`, the renewal for `at: period_end`. */
  amountDue: number;
  mrrBefore: number;
  mrrAfter: number;
  mrrChange: number;
  /** Set when Stripe could not preview this subscriber; the others are listed anyway. */
  error?: string;
}

export interface MigrationPreview {
  spec: PlanMigrationSpec;
  customers: MigrationPreviewLine[];
  /** MRR before and after, per currency (minor units). */
  totals: { currency: string; mrrBefore: number; mrrAfter: number; mrrChange: number }[];
  failed: number;
}

/**
 * `tollgate plans migrate --dry-run`: each subscriber on the `from` version
 * with Stripe's prorated preview of the move and the MRR change. Writes
 * nothing (previews are reads), rate limited like the run.
 */
export async function previewPlanMigration(deps: Deps, input: PlanMigrationInput, pace: MigrationPace = {}): Promise<Result<MigrationPreview, AppError>> {
  const parsed = parseInput(planMigrationInput, input);
  if (!parsed.ok) return parsed;
  const spec = checkMigration(deps, parsed.value);
  if (!spec.ok) return spec;
  const targets = await findMigrationTargets(deps, spec.value);
  const prices = await targetPrices(deps, spec.value, targets);
  if (!prices.ok) return prices;
  const limiter = migrationLimiter(deps, pace);
  const customers: MigrationPreviewLine[] = [];
  let failed = 0;
  for (const target of targets) {
    if (pace.signal?.aborted) break;
    await limiter.acquire();
    const mrrBefore = monthlyRevenue(target, target.amount);
    const mrrAfter = monthlyRevenue(target, (prices.value.get(target.interval) ?? 0) * target.quantity);
    const line: MigrationPreviewLine = {
      customer: target.customer,
      subscription: target.subscriptionId,
      currency: target.currency,
      prorationAmount: 0,
      amountDue: 0,
      mrrBefore,
      mrrAfter,
      mrrChange: mrrAfter - mrrBefore,
    };
    try {
      const preview = await previewPlanChange(deps, { customer: target.customer, plan: spec.value.plan, version: spec.value.to, when: spec.value.at });
      if (preview.ok) Object.assign(line, { prorationAmount: preview.value.prorationAmount, amountDue: preview.value.amountDue });
      else line.error = `${preview.error.code}: ${preview.error.message}`;
    } catch (e) {
      line.error = errorMessage(e);
    }
    if (line.error !== undefined) failed += 1;
    customers.push(line);
    pace.onProgress?.({ done: customers.length, total: targets.length, failed });
  }
  const totals = new Map<string, { currency: string; mrrBefore: number; mrrAfter: number; mrrChange: number }>();
  for (const line of customers) {
    const t = totals.get(line.currency) ?? { currency: line.currency, mrrBefore: 0, mrrAfter: 0, mrrChange: 0 };
    t.mrrBefore += line.mrrBefore;
    t.mrrAfter += line.mrrAfter;
    t.mrrChange += line.mrrChange;
    totals.set(line.currency, t);
  }
  return ok({ spec: spec.value, customers, totals: [...totals.values()], failed });
}
