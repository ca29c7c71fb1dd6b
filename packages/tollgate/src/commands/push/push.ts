import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { applyPush } from './apply.ts';
import { planPush } from './plan.ts';
import type { AppliedStep, PushPlan } from './types.ts';

export interface PushResult {
  plan: PushPlan;
  /** Present when the plan was applied. */
  applied?: AppliedStep[];
}

/**
 * `tollgate push`: plans the changes that bring Stripe in line with the
 * config and, with `apply`, makes them. Running it twice is a no-op.
 */
export async function pushConfig(
  deps: Pick<Deps, 'config' | 'stripe' | 'ids' | 'log' | 'clock'>,
  input: { apply: boolean },
): Promise<Result<PushResult, AppError>> {
  const plan = await planPush(deps);
  const [refused, ...more] = plan.refused ?? [];
  if (refused) return err(more.length > 0 ? { ...refused, details: { problems: [refused, ...more].map((r) => r.message) } } : refused);
  if (!input.apply || plan.steps.length === 0) return ok({ plan });
  const applied = await applyPush(deps, plan);
  return applied.ok ? ok({ plan, applied: applied.value }) : err(applied.error);
}
