import { loadCustomerContexts } from '../entitlements/customer-context.ts';
import { type FeaturePlan, featurePlan } from '../entitlements/feature-plan.ts';
import type { Deps } from '../lib/deps.ts';
import { type AppError, appError } from '../lib/errors.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { badTrackInput, parseTimestamp, type TrackInput } from './event.ts';
import { counterTerms, type PreparedEvent } from './write-events.ts';

/**
 * Validates tracked events and decides each one's window and billing terms
 * from the customer's plan (one read of the mirror for all customers). The
 * first problem fails the whole call, naming the event and field; nothing is
 * written. A metered feature the plan lacks is still recorded (usage that
 * happened is a fact) but never billed; `consume` is the gate.
 */
export async function prepareEvents(deps: Deps, inputs: TrackInput[], prefix: (i: number) => string): Promise<Result<PreparedEvent[], AppError>> {
  const now = deps.clock.now();
  const instants: Date[] = [];
  for (const [i, input] of inputs.entries()) {
    const problem = badTrackInput(input, prefix(i));
    if (problem) return err(problem);
    const definition = deps.config.features[input.feature];
    if (!definition) return err(appError('feature_not_found', `No feature "${input.feature}" in the config.`, `${prefix(i)}feature`));
    if (definition.type !== 'metered') {
      const hint = definition.type === 'gauge' ? 'set gauges with setGauge/incrementGauge' : 'boolean features are checked, not tracked';
      return err(appError('validation_failed', `"${input.feature}" is a ${definition.type} feature: ${hint}.`, `${prefix(i)}feature`));
    }
    const at = parseTimestamp(input.timestamp, now, `${prefix(i)}timestamp`);
    if (!(at instanceof Date)) return err(at);
    instants.push(at);
  }
  const contexts = await loadCustomerContexts(deps.db, inputs.map((e) => e.customer));
  const prepared: PreparedEvent[] = [];
  // Plans and windows repeat within a batch: decide each once.
  const memo = new Map<string, FeaturePlan>();
  for (const [i, input] of inputs.entries()) {
    const context = contexts.get(input.customer);
    const at = instants[i] ?? now;
    if (!context) throw new Error(`usage: no context loaded for ${input.customer}`);
    const memoKey = `${input.customer}\u0000${input.feature}`;
    const known = memo.get(memoKey);
    let fp: Result<FeaturePlan, AppError>;
    if (known?.window && at >= known.window.start && at < known.window.end) fp = ok(known);
    else {
      fp = featurePlan(deps.config, input.feature, context, now, at);
      if (fp.ok) memo.set(memoKey, fp.value);
    }
    if (!fp.ok) return fp;
    const id = deps.ids.next('usg');
    prepared.push({
      id,
      customer: input.customer,
      feature: input.feature,
      amount: input.amount ?? 1,
      idempotencyKey: input.idempotencyKey ?? id,
      occurredAt: at,
      window: fp.value.window ?? { key: 'none', start: at, end: at },
      properties: input.properties ?? null,
      ...counterTerms(fp.value.grant),
    });
  }
  return ok(prepared);
}
