import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { badGaugeInput, type GaugeInput, gaugeLimitOrNull, type GaugeValue, moveGauge } from './gauge.ts';

/** Lowers a gauge (an agent was deleted); never below zero, never refused; with an idempotency key, once. */
export async function decrementGauge(deps: Deps, input: GaugeInput): Promise<Result<GaugeValue, AppError>> {
  const problem = badGaugeInput(deps, input, false);
  if (problem) return err(problem);
  const moved = await moveGauge(deps, input, -(input.amount ?? 1), null);
  if (moved.kind === 'error') return err(moved.error);
  const value = moved.kind === 'moved' ? moved.value : 0;
  return ok({
    customer: input.customer,
    feature: input.feature,
    value,
    limit: await gaugeLimitOrNull(deps, input),
    duplicate: moved.kind === 'moved' && moved.duplicate,
  });
}
