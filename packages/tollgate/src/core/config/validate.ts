import { z } from 'zod';
import { type AppError, appError } from '../lib/errors.ts';
import { toMicros } from '../lib/micros.ts';
import { normalizeCurrency } from '../lib/money.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { seatSyncProblems, seatSyncSchema } from './seat-sync.ts';
import { versionProblems } from './versions.ts';
import { creditConfigProblems, creditPricedFeature } from './validate-credits.ts';
import { currencyProblems } from './validate-currencies.ts';
import { couponProblems, couponSchema } from './validate-coupons.ts';
import { configTierProblems, tieredPricingSchema } from './validate-tiers.ts';
import type { TollgateConfig } from './types.ts';

const KEY = /^[a-z][a-z0-9_-]{0,39}$/;
const key = z.string().regex(KEY, 'must be lowercase letters, digits, "_" or "-", starting with a letter');
const minor = z.number().int('must be an integer amount in minor units').nonnegative();
/** Credits: at least 0, at most six decimals (kept as integer micro-credits). */
const credits = z.number().refine((v) => {
  const micros = toMicros(v);
  return micros !== null && micros >= 0;
}, 'must be a number of credits of at least 0 with at most six decimals');
const percents = z.array(z.number().int('must be a whole percent').min(1).max(1000)).max(10);

const feature = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('boolean'), name: z.string().optional() }),
  z.strictObject({
    type: z.literal('metered'),
    name: z.string().optional(),
    unit: z.string().optional(),
    reset: z.enum(['day', 'week', 'month', 'billing_period']),
    timeZone: z.enum(['UTC', 'customer']).optional(),
    reporting: z.enum(['events', 'stream']).optional(),
  }),
  z.strictObject({ type: z.literal('gauge'), name: z.string().optional(), unit: z.string().optional() }),
]);

const grant = z.union([
  z.boolean(),
  z.number().int('must be a whole number').nonnegative(),
  z.literal('unlimited'),
  z.strictObject({
    included: z.number().int().nonnegative(),
    overage: z.union([z.strictObject({ amount: minor, per: z.number().int().positive().optional() }), tieredPricingSchema]).optional(),
  }),
]);

const licenseGrant = z.strictObject({
  activations: z.number().int('must be a whole number').min(1).max(100_000),
  features: z
    .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be 1-64 letters, digits, "_", ".", ":" or "-"'))
    .max(100)
    .optional(),
  validFor: z.union([z.literal('subscription'), z.strictObject({ days: z.number().int().min(1).max(36_500) })]).optional(),
});

const planPrices = z.strictObject({ monthly: minor.optional(), yearly: minor.optional() });

const plan = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  version: z.number().int('must be a whole version number').min(1).max(9999).optional(),
  versions: z
    .record(
      z.string().regex(/^[1-9][0-9]{0,3}$/, 'must be a version number'),
      z.strictObject({ prices: planPrices.optional(), features: z.record(key, grant) }),
    )
    .optional(),
  prices: planPrices.optional(),
  perSeat: z.boolean().optional(),
  currencies: z.record(z.string(), z.strictObject({ monthly: minor.optional(), yearly: minor.optional() })).optional(),
  seatTiers: z.strictObject({ monthly: tieredPricingSchema.optional(), yearly: tieredPricingSchema.optional() }).optional(),
  seatSync: seatSyncSchema.optional(),
  custom: z.boolean().optional(),
  trialDays: z.number().int().min(1).max(730).optional(),
  trialWithoutCard: z.enum(['pause', 'cancel']).optional(),
  promotionCodes: z.boolean().optional(),
  default: z.boolean().optional(),
  hidden: z.boolean().optional(),
  highlights: z.array(z.string()).optional(),
  features: z.record(key, grant),
  license: licenseGrant.optional(),
  credits: z
    .record(
      key,
      z.strictObject({
        amount: credits,
        rollover: z.union([z.literal('none'), z.strictObject({ max: credits })]).optional(),
        priority: z.number().int().min(0).max(1000).optional(),
      }),
    )
    .optional(),
  spendCaps: z.record(key, z.number().nonnegative()).optional(),
});

const creditSystem = z.strictObject({
  name: z.string().optional(),
  unit: z.string().optional(),
  money: z.boolean().optional(),
  costs: z.record(key, credits),
  overdraft: credits.optional(),
  packs: z
    .record(
      key,
      z.strictObject({
        credits,
        price: minor.min(1),
        name: z.string().min(1).max(250).optional(),
        expiresAfterDays: z.number().int().min(1).max(3650).optional(),
      }),
    )
    .optional(),
  customAmount: z.strictObject({ min: minor.min(1), max: minor.min(1), credits, per: z.number().int().min(1) }).optional(),
  autoTopUp: z.strictObject({ threshold: credits, pack: key }).optional(),
  lowBalanceAlerts: z.array(credits).max(10).optional(),
});

const configSchema = z.strictObject({
  currency: z.string().optional(),
  features: z.record(key, feature),
  plans: z.record(key, plan),
  products: z
    .record(
      key,
      z.strictObject({
        name: z.string().min(1),
        description: z.string().optional(),
        price: minor,
        currency: z.string().optional(),
        license: licenseGrant.optional(),
      }),
    )
    .optional(),
  entitlements: z.strictObject({ pastDueGraceDays: z.number().int().min(0).max(365).optional() }).optional(),
  outbound: z
    .strictObject({
      allowPrivateNetworks: z.boolean().optional(),
      timeoutMs: z.number().int().min(100).max(60_000).optional(),
      concurrencyPerEndpoint: z.number().int().min(1).max(32).optional(),
    })
    .optional(),
  licenses: z
    .strictObject({
      leaseTtlSeconds: z
        .number()
        .int()
        .min(60)
        .max(90 * 86_400)
        .optional(),
      keySecret: z.string().min(16, 'must be at least 16 characters').optional(),
    })
    .optional(),
  credits: z.record(key, creditSystem).optional(),
  alerts: z
    .strictObject({
      usage: percents.optional(),
      spend: percents.optional(),
      mrr: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(100).optional(),
    })
    .optional(),
  coupons: z.record(key, couponSchema).optional(),
  tax: z.strictObject({ automatic: z.boolean(), collectTaxIds: z.boolean().optional() }).optional(),
});

function problem(file: string, path: (string | number)[], message: string): AppError {
  const where = path.length > 0 ? path.join('.') : '(root)';
  return appError('invalid_config', `${file}: ${where}: ${message}`, where);
}

/** Cross-field rules zod cannot express on its own. */
function semanticProblems(config: TollgateConfig, file: string): AppError[] {
  const problems: AppError[] = [];
  if (config.currency !== undefined) {
    try {
      normalizeCurrency(config.currency);
    } catch (e) {
      problems.push(problem(file, ['currency'], (e as Error).message));
    }
  }
  const defaults = Object.entries(config.plans).filter(([, p]) => p.default);
  if (defaults.length > 1) {
    problems.push(problem(file, ['plans'], `only one plan may be the default (found ${defaults.map(([k]) => k).join(', ')})`));
  }
  for (const [planKey, p] of Object.entries(config.plans)) {
    if (p.custom && p.prices) problems.push(problem(file, ['plans', planKey, 'prices'], 'a custom plan has no self-serve prices'));
    if (p.trialDays && !p.prices) problems.push(problem(file, ['plans', planKey, 'trialDays'], 'a trial needs a paid price'));
    if (p.trialWithoutCard && !p.trialDays)
      problems.push(problem(file, ['plans', planKey, 'trialWithoutCard'], 'give the plan trialDays: a trial without a card is a trial'));
    for (const [path, message] of seatSyncProblems(config, planKey)) problems.push(problem(file, path, message));
    for (const [path, message] of versionProblems(config, planKey)) problems.push(problem(file, path, message));
    if (p.license && !p.prices && !p.custom)
      problems.push(problem(file, ['plans', planKey, 'license'], 'a license is issued for a paid subscription: give the plan prices (or make it custom)'));
    for (const [featureKey, g] of Object.entries(p.features)) {
      const path = ['plans', planKey, 'features', featureKey];
      const def = config.features[featureKey];
      if (!def) {
        problems.push(problem(file, path, `unknown feature "${featureKey}" (declare it under features)`));
        continue;
      }
      if (def.type === 'boolean' && typeof g !== 'boolean') {
        problems.push(problem(file, path, `"${featureKey}" is a boolean feature: use true or false`));
      }
      const priced = creditPricedFeature(config, featureKey);
      if (priced && typeof g !== 'boolean' && g !== 'unlimited') {
        problems.push(problem(file, path, `"${featureKey}" is priced in credits (${priced}): grant it with true (the balance limits it) or leave it out`));
        continue;
      }
      if (def.type !== 'boolean' && typeof g === 'boolean' && !(priced && g)) {
        problems.push(problem(file, path, `"${featureKey}" is a ${def.type} feature: use a number, "unlimited" or { included }`));
      }
      if (typeof g === 'object' && g.overage && def.type !== 'metered') {
        problems.push(problem(file, [...path, 'overage'], 'overage is only for metered features'));
      }
      if (typeof g === 'object' && g.overage && !p.prices) {
        problems.push(problem(file, [...path, 'overage'], 'overage needs a plan with a paid price'));
      }
    }
  }
  for (const [productKey, product] of Object.entries(config.products ?? {})) {
    if (product.license?.validFor === 'subscription')
      problems.push(
        problem(file, ['products', productKey, 'license', 'validFor'], 'a one-time product has no subscription: use { days } or leave it out (perpetual)'),
      );
  }
  for (const [where, message] of creditConfigProblems(config)) problems.push(problem(file, where, message));
  for (const [where, message] of configTierProblems(config)) problems.push(problem(file, where, message));
  for (const [where, message] of currencyProblems(config)) problems.push(problem(file, where, message));
  for (const [where, message] of couponProblems(config)) problems.push(problem(file, where, message));
  return problems;
}

/**
 * Validates a config. Every problem names the file, the path and what is
 * wrong: `tollgate.config.ts: plans.pro.features.messages: ...`.
 */
export function validateConfig(raw: unknown, file = 'tollgate.config.ts'): Result<TollgateConfig, AppError[]> {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    return err(
      parsed.error.issues.map((i) =>
        problem(
          file,
          i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
          i.message,
        ),
      ),
    );
  }
  const config: TollgateConfig = parsed.data;
  const problems = semanticProblems(config, file);
  return problems.length > 0 ? err(problems) : ok({ ...config, currency: normalizeCurrency(config.currency ?? 'usd') });
}
