import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { gaugeCap, type GaugeInput, gaugeInput, type GaugeValue, moveGauge, parseGaugeInput } from './gauge.ts';

export const incrementGaugeInput = gaugeInput;

/**
 * Raises a gauge (an agent was created) unless that would pass the plan's cap:
 * the cap is enforced in the same statement as the write, so concurrent
 * increments never overshoot. Refusal: `limit_reached`. With an idempotency
 * key a retry is applied once (see moveGauge).
 */
export async function incrementGauge(deps: Deps, raw: GaugeInput): Promise<Result<GaugeValue, AppError>> {
  const parsed = parseGaugeInput(deps, incrementGaugeInput, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  const cap = await gaugeCap(deps, input);
  if (!cap.ok) return cap;
  const amount = input.amount ?? 1;
  const moved = await moveGauge(deps, input, amount, cap.value);
  if (moved.kind === 'error') return err(moved.error);
  if (moved.kind === 'refused') {
    return err(appError('limit_reached', `The plan allows at most ${cap.value ?? 0} ${input.feature}.`, 'amount', { limit: cap.value }));
  }
  return ok({ customer: input.customer, feature: input.feature, value: moved.value, limit: cap.value, duplicate: moved.duplicate });
}
