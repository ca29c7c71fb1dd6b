import { type CustomerContext, loadCustomerContexts } from '../entitlements/customer-context.ts';
import { featurePlan } from '../entitlements/feature-plan.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { parseTimestamp, type TrackInput } from './event.ts';
import { type CounterTerms, counterTerms, type PreparedEvent } from './write-events.ts';

/** A tracked event whose fields passed validation, with its instant. */
export interface ValidEvent {
  input: TrackInput;
  at: Date;
}

/** Checks of parsed events against the config and the clock; the first problem names the event and field. */
export function validateEvents(deps: Deps, inputs: TrackInput[], prefix: (i: number) => string, now: Date): Result<ValidEvent[], AppError> {
  const valid: ValidEvent[] = [];
  for (const [i, input] of inputs.entries()) {
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
 * happened is a fact) but never billed; `consume` is the gate. Events of one
 * customer x feature x window share one `CounterTerms` object, so the writer
 * groups them by identity.
 */
export function decideEvents(deps: Deps, events: ValidEvent[], contexts: Map<string, CustomerContext>, now: Date): PreparedEvent[] {
  const prepared = new Array<PreparedEvent>(events.length);
  // Plans and windows repeat within a batch: decide each once. `latest` holds
  // the counter last used per customer and feature (the common case: one
  // window); `all` finds a window seen before when timestamps alternate.
  const latest = new Map<string, Map<string, CounterTerms>>();
  const all = new Map<string, CounterTerms>();
  for (let i = 0; i < events.length; i++) {
    const { input, at } = events[i]!;
    let perCustomer = latest.get(input.customer);
    if (!perCustomer) {
      perCustomer = new Map();
      latest.set(input.customer, perCustomer);
    }
    let counter = perCustomer.get(input.feature);
    const t = at.getTime();
    if (!counter || t < counter.startMs || t >= counter.endMs) {
      counter = decideCounter(deps, input, at, contexts, now, all);
      perCustomer.set(input.feature, counter);
    }
    const id = deps.ids.next('usg');
    prepared[i] = {
      id,
      amount: input.amount ?? 1,
      idempotencyKey: input.idempotencyKey ?? id,
      occurredAt: at,
      properties: input.properties ?? null,
      counter,
    };
  }
  return prepared;
}

function decideCounter(
  deps: Deps,
  input: TrackInput,
  at: Date,
  contexts: Map<string, CustomerContext>,
  now: Date,
  all: Map<string, CounterTerms>,
): CounterTerms {
  const context = contexts.get(input.customer);
  if (!context) throw new Error(`usage: no context loaded for ${input.customer}`);
  const decided = featurePlan(deps.config, input.feature, context, now, at);
  if (!decided.ok) throw new Error(`usage: ${decided.error.message}`);
  const fp = decided.value;
  const window = fp.window ?? { key: 'none', start: at, end: new Date(at.getTime() + 1) };
  const key = `${input.customer}\u0000${input.feature}\u0000${window.key}`;
  const seen = all.get(key);
  if (seen) return seen;
  const { included, soft } = counterTerms(fp.grant);
  const counter: CounterTerms = {
    customer: input.customer,
    feature: input.feature,
    window,
    included,
    soft,
    startMs: window.start.getTime(),
    endMs: window.end.getTime(),
  };
  all.set(key, counter);
  return counter;
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
  const contexts = await loadCustomerContexts(
    deps.db,
    inputs.map((e) => e.customer),
  );
  return ok(decideEvents(deps, valid.value, contexts, now));
}
