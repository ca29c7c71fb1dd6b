import { type CustomerContext, loadCustomerContexts } from '../entitlements/customer-context.ts';
import { type FeaturePlan, featurePlan } from '../entitlements/feature-plan.ts';
import type { Deps } from '../lib/deps.ts';
import { type AppError, appError } from '../lib/errors.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { badTrackInput, parseTimestamp, type TrackInput } from './event.ts';
import { counterTerms, type PreparedEvent } from './write-events.ts';

/** A tracked event whose fields passed validation, with its instant. */
export interface ValidEvent {
  input: TrackInput;
  at: Date;
}

/** Field checks of every event; the first problem names the event and field. */
export function validateEvents(deps: Deps, inputs: TrackInput[], prefix: (i: number) => string, now: Date): Result<ValidEvent[], AppError> {
  const valid: ValidEvent[] = [];
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
    valid.push({ input, at });
  }
  return ok(valid);
}

/**
 * Decides each valid event's window and billing terms from its customer's
 * context. A metered feature the plan lacks is still recorded (usage that
 * happened is a fact) but never billed; `consume` is the gate.
 */
export function decideEvents(deps: Deps, events: ValidEvent[], contexts: Map<string, CustomerContext>, now: Date): PreparedEvent[] {
  const prepared: PreparedEvent[] = [];
  // Plans and windows repeat within a batch: decide each once.
  const memo = new Map<string, FeaturePlan>();
  for (const { input, at } of events) {
    const context = contexts.get(input.customer);
    if (!context) throw new Error(`usage: no context loaded for ${input.customer}`);
    const memoKey = `${input.customer}\u0000${input.feature}`;
    let fp = memo.get(memoKey);
    if (!fp?.window || at < fp.window.start || at >= fp.window.end) {
      const decided = featurePlan(deps.config, input.feature, context, now, at);
      if (!decided.ok) throw new Error(`usage: ${decided.error.message}`);
      fp = decided.value;
      memo.set(memoKey, fp);
    }
    const id = deps.ids.next('usg');
    prepared.push({
      id,
      customer: input.customer,
      feature: input.feature,
      amount: input.amount ?? 1,
      idempotencyKey: input.idempotencyKey ?? id,
      occurredAt: at,
      window: fp.window ?? { key: 'none', start: at, end: at },
      properties: input.properties ?? null,
      ...counterTerms(fp.grant),
    });
  }
  return prepared;
}

/**
 * Validates tracked events and decides each one's window and billing terms
 * (one read of the mirror for all customers). The first problem fails the
 * whole call, naming the event and field; nothing is written.
 */
export async function prepareEvents(deps: Deps, inputs: TrackInput[], prefix: (i: number) => string): Promise<Result<PreparedEvent[], AppError>> {
  const now = deps.clock.now();
  const valid = validateEvents(deps, inputs, prefix, now);
  if (!valid.ok) return valid;
  const contexts = await loadCustomerContexts(deps.db, inputs.map((e) => e.customer));
  return ok(decideEvents(deps, valid.value, contexts, now));
}
