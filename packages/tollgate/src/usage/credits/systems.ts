import type { CreditPack, CreditSystem, PlanDefinition, TollgateConfig } from '../../core/config/types.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { INPUT_LIMITS, text } from '../../core/lib/input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { toMicros } from '../../core/lib/micros.ts';

/** Burn order defaults by kind: lower burns first (expiring plan credit before promotions, bought credit last). */
export const DEFAULT_PRIORITY = { included: 10, rollover: 10, promotional: 20, paid: 30 } as const;

export type GrantKind = keyof typeof DEFAULT_PRIORITY;

/** What one unit of a feature costs, and in which balance. */
export interface CreditPrice {
  system: string;
  /** Micro-credits per unit. */
  cost: number;
}

/** A credit system with its amounts in micro-credits, computed once per config. */
export interface ResolvedSystem {
  key: string;
  definition: CreditSystem;
  overdraft: number;
  /** Low balance thresholds, micro-credits, highest first. */
  lowBalance: number[];
}

interface Resolved {
  prices: Map<string, CreditPrice>;
  systems: Map<string, ResolvedSystem>;
}

const cache = new WeakMap<TollgateConfig, Resolved>();

function micros(credits: number): number {
  const value = toMicros(credits);
  if (value === null) throw new Error(`credits: ${credits} is not a valid amount of credits (the config was not validated)`);
  return value;
}

function resolve(config: TollgateConfig): Resolved {
  let resolved = cache.get(config);
  if (resolved) return resolved;
  resolved = { prices: new Map(), systems: new Map() };
  for (const [key, definition] of Object.entries(config.credits ?? {})) {
    for (const [feature, cost] of Object.entries(definition.costs)) resolved.prices.set(feature, { system: key, cost: micros(cost) });
    resolved.systems.set(key, {
      key,
      definition,
      overdraft: micros(definition.overdraft ?? 0),
      lowBalance: (definition.lowBalanceAlerts ?? []).map(micros).sort((a, b) => b - a),
    });
  }
  cache.set(config, resolved);
  return resolved;
}

/** The credit price of a feature, or undefined when it is not priced in credits (one map lookup: this runs on every consume). */
export function creditPriceOf(config: TollgateConfig, feature: string): CreditPrice | undefined {
  if (config.credits === undefined) return undefined;
  return resolve(config).prices.get(feature);
}

export function creditSystems(config: TollgateConfig): ResolvedSystem[] {
  return [...resolve(config).systems.values()];
}

/** The named credit system, or the only one when `key` is absent. */
/** An input's optional credit system: a key from the config (default: the only one). */
export const optionalCreditSystem = () => text(INPUT_LIMITS.key).optional().describe('A credit system key from the config (default: the only one)');

export function findSystem(config: TollgateConfig, key: string | undefined, param = 'system'): Result<ResolvedSystem, AppError> {
  const systems = resolve(config).systems;
  if (key === undefined) {
    const [only, ...others] = systems.values();
    if (only && others.length === 0) return ok(only);
    if (!only) return err(appError('not_found', 'The config has no credit systems (add one under credits).', param));
    return err(appError('validation_failed', `${param} is required: the config has several credit systems (${[...systems.keys()].join(', ')}).`, param));
  }
  const found = systems.get(key);
  // An unknown system is bad input (a value the config does not offer): 400 naming the field.
  if (!found)
    return err(appError('validation_failed', `No credit system "${key}" in the config (credit systems: ${[...systems.keys()].join(', ') || 'none'}).`, param));
  return ok(found);
}

/** A pack of the system, or the error naming `param`. */
export function findPack(system: ResolvedSystem, key: string, param = 'pack'): Result<CreditPack & { micros: number }, AppError> {
  const packs = system.definition.packs ?? {};
  const pack = Object.hasOwn(packs, key) ? packs[key] : undefined;
  if (!pack)
    return err(appError('validation_failed', `No pack "${key}" in credit system "${system.key}" (packs: ${Object.keys(packs).join(', ') || 'none'}).`, param));
  return ok({ ...pack, micros: micros(pack.credits) });
}

/** The plan's recurring grant of a system, in micro-credits. */
export function planGrantOf(plan: PlanDefinition | null, system: string): { amount: number; rolloverMax: number | null; priority: number } | null {
  const grant = plan?.credits?.[system];
  if (!grant) return null;
  return {
    amount: micros(grant.amount),
    rolloverMax: grant.rollover === undefined || grant.rollover === 'none' ? null : micros(grant.rollover.max),
    priority: grant.priority ?? DEFAULT_PRIORITY.included,
  };
}

/** The plan's default spend cap for a scope: micro-credits for a credit system, minor units for `overage`; null when none. */
export function planCapOf(plan: PlanDefinition | null, scope: string): number | null {
  const cap = plan?.spendCaps?.[scope];
  if (cap === undefined) return null;
  return scope === 'overage' ? cap : micros(cap);
}
