import type Stripe from 'stripe';
import { METADATA, parseLookupKey } from '../../core/config/stripe-keys.ts';
import type { PlanDefinition, TollgateConfig } from '../../core/config/types.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { formatMoney, money } from '../../core/lib/money.ts';
import { currentVersion, isVersioned, limitsDigest, planAtVersion, planVersions } from '../../core/config/versions.ts';
import type { DesiredPrice, DesiredState } from './desired.ts';

/** A price's lookup key moved to `version` (`tollgate:plan:pro:month` -> `tollgate:plan:pro:month:v2`). */
function atVersion(lookupKey: string, version: number): string {
  return version > 1 ? `${lookupKey}:v${version}` : lookupKey;
}

/**
 * Plan versions in the desired state. `desiredState` describes each plan as
 * a single unversioned one; this gives every version the config describes
 * its own prices: version 1 keeps the plain lookup keys, version n > 1 adds
 * `:v<n>` and `tollgate_plan_version` metadata, and a versioned plan's prices
 * carry the digest of their version's limits. Earlier versions' prices are
 * made by `describe` on the plan as it was, so they have every property a
 * current price has.
 */
export function withPlanVersions(config: TollgateConfig, state: DesiredState, describe: (config: TollgateConfig) => DesiredState): DesiredState {
  const prices: DesiredPrice[] = [];
  const meters = new Map(state.meters.map((m) => [m.feature, m]));
  for (const price of state.prices) {
    const parsed = parseLookupKey(price.lookupKey);
    const plan = parsed && parsed.kind !== 'product' ? config.plans[parsed.plan] : undefined;
    if (!plan || !parsed || parsed.kind === 'product') {
      prices.push(price);
      continue;
    }
    prices.push(versioned(price, currentVersion(plan), isVersioned(plan) ? limitsDigest(plan) : undefined));
  }
  for (const [key, plan] of Object.entries(config.plans)) {
    if (plan.custom) continue;
    for (const { version } of planVersions(plan)) {
      if (version === currentVersion(plan)) continue;
      const { version: _v, versions: _vs, ...old } = planAtVersion(plan, version);
      const single = describe({ ...config, plans: { [key]: old }, products: {} });
      for (const price of single.prices) prices.push(versioned(price, version, limitsDigest(old)));
      for (const meter of single.meters) if (!meters.has(meter.feature)) meters.set(meter.feature, meter);
    }
  }
  return { ...state, prices, meters: [...meters.values()] };
}

function versioned(price: DesiredPrice, version: number, limits: string | undefined): DesiredPrice {
  if (version === 1 && limits === undefined) return price;
  const metadata = { ...price.metadata };
  if (version > 1) metadata[METADATA.version] = String(version);
  if (limits !== undefined) metadata[METADATA.limits] = limits;
  return { ...price, lookupKey: atVersion(price.lookupKey, version), metadata };
}

function configPath(price: DesiredPrice, plan: PlanDefinition, planKey: string): string {
  const version = Number(price.metadata[METADATA.version] ?? 1);
  const base = version === currentVersion(plan) ? `plans.${planKey}` : `plans.${planKey}.versions.${version}`;
  const feature = price.metadata[METADATA.feature];
  if (feature) return `${base}.features.${feature}.overage`;
  return `${base}.prices.${price.metadata[METADATA.interval] === 'year' ? 'yearly' : 'monthly'}`;
}

function termsOf(amount: number | null, currency: string): string {
  return amount === null ? '(no amount)' : formatMoney(money(amount, currency));
}

/**
 * A versioned plan's pushed versions never change: a price or limits in the
 * config that differ from what Stripe holds for the same version is refused,
 * naming the field, before anything is pushed. (An unversioned plan keeps the
 * old behaviour: the lookup key moves to a new price.)
 */
export function versionRefusals(config: TollgateConfig, desired: DesiredState, current: Stripe.Price[]): AppError[] {
  const refusals: AppError[] = [];
  for (const want of desired.prices) {
    const limits = want.metadata[METADATA.limits];
    const planKey = want.metadata[METADATA.plan];
    const plan = planKey === undefined ? undefined : config.plans[planKey];
    if (limits === undefined || planKey === undefined || !plan) continue;
    const live = current.find((p) => p.active && p.lookup_key === want.lookupKey);
    if (!live) continue;
    const version = Number(want.metadata[METADATA.version] ?? 1);
    const next = `raise plans.${planKey}.version to ${currentVersion(plan) + 1} and keep version ${version} under plans.${planKey}.versions`;
    if (live.unit_amount !== want.unitAmount || live.currency !== want.currency) {
      const path = configPath(want, plan, planKey);
      refusals.push(
        appError(
          'invalid_config',
          `${path}: version ${version} of plan "${planKey}" is live in Stripe at ${termsOf(live.unit_amount, live.currency)} (${live.id}), the config says ${termsOf(want.unitAmount, want.currency)}; a pushed version never changes: ${next}`,
          path,
        ),
      );
    } else if (live.metadata[METADATA.limits] !== undefined && live.metadata[METADATA.limits] !== limits) {
      const path = version === currentVersion(plan) ? `plans.${planKey}.features` : `plans.${planKey}.versions.${version}.features`;
      if (!refusals.some((r) => r.param === path)) {
        refusals.push(
          appError(
            'invalid_config',
            `${path}: version ${version} of plan "${planKey}" was pushed with other limits; a pushed version never changes: ${next}`,
            path,
          ),
        );
      }
    }
  }
  return refusals;
}
