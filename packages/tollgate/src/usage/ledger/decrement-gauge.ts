import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { type GaugeInput, gaugeInput, gaugeLimitOrNull, type GaugeValue, moveGauge, parseGaugeInput } from './gauge.ts';

export const decrementGaugeInput = gaugeInput;

/** Lowers a gauge (an agent was deleted); never below zero, never refused; with an idempotency key, once. */
export async function decrementGauge(deps: Deps, raw: GaugeInput): Promise<Result<GaugeValue, AppError>> {
  const parsed = parseGaugeInput(deps, decrementGaugeInput, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
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
