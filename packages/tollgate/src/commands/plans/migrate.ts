import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { planMigrationItems, planMigrations } from '../../core/db/schema/plan-migrations.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { parseInput } from '../../core/lib/parse-input.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import { changePlan } from '../subscriptions/change-plan.ts';
import { payPendingMove } from './pay-pending-move.ts';
import { errorMessage, type MigrationPace, migrationLimiter } from './migration-pace.ts';
import {
  checkMigration,
  planMigrationInput,
  findMigrationTargets,
  type PlanMigrationInput,
  type PlanMigrationSpec,
  targetPrices,
} from './migration-targets.ts';

export interface MigrationFailure {
  customer: string;
  subscription: string;
  error: string;
}

export interface MigrationRun {
  migrationId: string;
  spec: PlanMigrationSpec;
  /** An earlier run of the same move was unfinished: this one carried on from where it stopped. */
  resumed: boolean;
  total: number;
  moved: number;
  /** Subscribers Stripe refused this time (a later run retries them). */
  failures: MigrationFailure[];
  /** Stopped by the signal before every subscriber was handled. */
  interrupted: boolean;
}

/**
 * One idempotency key per subscription, target version and recorded attempt:
 * a move interrupted before its outcome was recorded (a crash) is retried
 * with the same key, so Stripe makes it once; a move Stripe refused (a
 * declined card, recorded as failed) is a new attempt when run again, since
 * Stripe would replay the refusal to the same key.
 */
export function migrationKey(subscriptionId: string, spec: PlanMigrationSpec, attempt: number): string {
  return `tollgate-migrate-${subscriptionId}-${spec.plan}-v${spec.to}-${spec.at}-${attempt}`;
}

async function openMigration(deps: Deps, spec: PlanMigrationSpec): Promise<Result<{ id: string; resumed: boolean }, AppError>> {
  const [open] = await deps.db
    .select({ id: planMigrations.id })
    .from(planMigrations)
    .where(
      and(
        eq(planMigrations.planKey, spec.plan),
        eq(planMigrations.fromVersion, spec.from),
        eq(planMigrations.toVersion, spec.to),
        eq(planMigrations.at, spec.at),
        eq(planMigrations.status, 'running'),
      ),
    );
  const targets = open ? [] : await findMigrationTargets(deps, spec);
  // The target version's prices exist before anything is written.
  const prices = await targetPrices(deps, spec, targets);
  if (!prices.ok) return prices;
  if (open) return ok({ id: open.id, resumed: true });
  const id = deps.ids.next('pmig');
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(planMigrations)
      .values({ id, planKey: spec.plan, fromVersion: spec.from, toVersion: spec.to, at: spec.at, status: 'running', createdAt: now, updatedAt: now });
    for (let i = 0; i < targets.length; i += 500) {
      const chunk = targets
        .slice(i, i + 500)
        .map((t) => ({ migrationId: id, subscriptionId: t.subscriptionId, customer: t.customer, status: 'pending', updatedAt: now }));
      await tx.insert(planMigrationItems).values(chunk).onConflictDoNothing();
    }
  });
  return ok({ id, resumed: false });
}

/**
 * `tollgate plans migrate`: moves every subscriber of a plan version to
 * another, through `changePlan` (at period end: a schedule phase, no
 * proration; now: prorated and invoiced). The list of subscribers and each
 * one's outcome are kept in `plan_migrations` / `plan_migration_items`, so
 * an interrupted run (a signal, a crash) is resumed by running the same move
 * again, which also retries the failed ones; each move carries one
 * idempotency key per subscription and target version, so none is made
 * twice. Paced by the deps' clock; a subscriber Stripe refuses is recorded
 * and the run carries on.
 */
export async function migratePlan(deps: Deps, input: PlanMigrationInput, pace: MigrationPace = {}): Promise<Result<MigrationRun, AppError>> {
  const parsed = parseInput(planMigrationInput, input);
  if (!parsed.ok) return parsed;
  const checked = checkMigration(deps, parsed.value);
  if (!checked.ok) return checked;
  const spec = checked.value;
  const opened = await openMigration(deps, spec);
  if (!opened.ok) return opened;
  const { id, resumed } = opened.value;
  const all = await deps.db
    .select({
      subscriptionId: planMigrationItems.subscriptionId,
      customer: planMigrationItems.customer,
      status: planMigrationItems.status,
      attempts: planMigrationItems.attempts,
    })
    .from(planMigrationItems)
    .where(eq(planMigrationItems.migrationId, id))
    .orderBy(asc(planMigrationItems.subscriptionId));
  const todo = all.filter((i) => i.status !== 'moved');
  const limiter = migrationLimiter(deps, pace);
  const failures: MigrationFailure[] = [];
  let done = all.length - todo.length;
  let interrupted = false;
  for (const item of todo) {
    if (pace.signal?.aborted) {
      interrupted = true;
      break;
    }
    await limiter.acquire();
    const error = await moveOne(deps, spec, item);
    const where = and(eq(planMigrationItems.migrationId, id), eq(planMigrationItems.subscriptionId, item.subscriptionId));
    await deps.db
      .update(planMigrationItems)
      .set({ status: error === null ? 'moved' : 'failed', error, attempts: sql`${planMigrationItems.attempts} + 1`, updatedAt: deps.clock.now() })
      .where(where);
    if (error !== null) failures.push({ customer: item.customer, subscription: item.subscriptionId, error });
    done += 1;
    pace.onProgress?.({ done, total: all.length, failed: failures.length });
  }
  const now = deps.clock.now();
  const complete = !interrupted && failures.length === 0;
  await deps.db
    .update(planMigrations)
    .set(complete ? { status: 'completed', updatedAt: now, completedAt: now } : { updatedAt: now })
    .where(eq(planMigrations.id, id));
  const [counted] = await deps.db
    .select({ moved: sql<number>`count(*)::int` })
    .from(planMigrationItems)
    .where(and(eq(planMigrationItems.migrationId, id), inArray(planMigrationItems.status, ['moved'])));
  return ok({ migrationId: id, spec, resumed, total: all.length, moved: Number(counted?.moved ?? 0), failures, interrupted });
}

/** Moves one subscriber; null when moved (or already there), else why not. */
async function moveOne(deps: Deps, spec: PlanMigrationSpec, item: { subscriptionId: string; customer: string; attempts: number }): Promise<string | null> {
  const key = migrationKey(item.subscriptionId, spec, item.attempts + 1);
  try {
    // A retry of a move whose payment failed pays its invoice instead of moving again.
    if (item.attempts > 0) {
      const paid = await payPendingMove(deps, item.subscriptionId, key);
      if (paid !== undefined) return paid;
    }
    const changed = await changePlan(deps, {
      customer: item.customer,
      plan: spec.plan,
      version: spec.to,
      when: spec.at,
      idempotencyKey: key,
    });
    if (changed.ok) return null;
    // A retry after a crash finds the move made already.
    if (changed.error.code === 'nothing_to_change') return null;
    return `${changed.error.code}: ${changed.error.message}`;
  } catch (e) {
    return errorMessage(e);
  }
}
