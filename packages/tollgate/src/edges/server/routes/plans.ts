import { z } from 'zod';
import type { FeatureDefinition, FeatureGrant, Overage, TollgateConfig } from '../../../core/config/types.ts';
import { isTiered } from '../../../core/config/tiers.ts';
import { formatMoney } from '../../../core/lib/money.ts';
import { ok } from '../../../core/lib/result.ts';
import { formatted } from '../present.ts';
import { defineRoute, type Route } from '../route.ts';

const money = { amount: z.number().int().describe('Minor units (1500 = $15.00 in usd)'), currency: z.string(), amount_formatted: formatted };

const planSchema = z.object({
  key: z.string().describe('The plan key to pass to checkout and subscription/change'),
  name: z.string(),
  description: z.string().nullable(),
  prices: z
    .array(z.object({ interval: z.enum(['month', 'year']), ...money }))
    .describe('Self-serve prices, per seat when per_seat; empty for free and custom plans'),
  per_seat: z.boolean(),
  custom: z.boolean().describe('Priced by sales: no self-serve price'),
  trial_days: z.number().int().nullable(),
  default: z.boolean().describe('The plan of customers without a subscription'),
  highlights: z.array(z.string()),
  features: z.array(
    z.object({
      feature: z.string(),
      name: z.string(),
      type: z.enum(['boolean', 'metered', 'gauge']),
      unit: z.string().nullable(),
      reset: z.enum(['day', 'week', 'month', 'billing_period']).nullable().describe('When a metered allowance starts again'),
      included: z.boolean().describe('In the plan at all'),
      limit: z.number().int().nullable().describe('Units included (metered) or the cap (gauge); null when unlimited or boolean'),
      unlimited: z.boolean(),
      overage: z
        .object({
          per: z.number().int(),
          ...money,
          tiers: z
            .object({
              mode: z.enum(['graduated', 'volume']),
              tiers: z.array(z.object({ up_to: z.number().int().nullable(), unit_amount: z.number().int(), flat_amount: z.number().int() })),
            })
            .optional()
            .describe("Tiered overage: the units beyond the limit priced by these tiers (amount is the first tier's unit amount)"),
        })
        .nullable()
        .describe('Price of each `per` units beyond the limit'),
    }),
  ),
});

export type PublicPlan = z.infer<typeof planSchema>;

function presentGrant(key: string, definition: FeatureDefinition, grant: FeatureGrant | undefined, currency: string): PublicPlan['features'][number] {
  const metered = definition.type === 'metered' ? definition : undefined;
  const unit = definition.type === 'boolean' ? null : (definition.unit ?? null);
  const base = { feature: key, name: definition.name ?? key, type: definition.type, unit, reset: metered?.reset ?? null };
  if (grant === undefined || grant === false) return { ...base, included: false, limit: null, unlimited: false, overage: null };
  if (grant === true) return { ...base, included: true, limit: null, unlimited: false, overage: null };
  if (grant === 'unlimited') return { ...base, included: true, limit: null, unlimited: true, overage: null };
  if (typeof grant === 'number') return { ...base, included: true, limit: grant, unlimited: false, overage: null };
  const overage = grant.overage ? presentOverage(grant.overage, currency) : null;
  return { ...base, included: true, limit: grant.included, unlimited: false, overage };
}

function presentOverage(overage: Overage, currency: string): NonNullable<PublicPlan['features'][number]['overage']> {
  if (!isTiered(overage))
    return { amount: overage.amount, per: overage.per ?? 1, currency, amount_formatted: formatMoney({ amount: overage.amount, currency }) };
  const first = overage.tiers[0]?.unitAmount ?? 0;
  const tiers = overage.tiers.map((t) => ({ up_to: t.upTo === 'inf' ? null : t.upTo, unit_amount: t.unitAmount ?? 0, flat_amount: t.flatAmount ?? 0 }));
  return { amount: first, per: 1, currency, amount_formatted: formatMoney({ amount: first, currency }), tiers: { mode: overage.mode, tiers } };
}

// The config does not change while a process runs: present it once.
const presented = new WeakMap<TollgateConfig, { currency: string; data: PublicPlan[] }>();

/** The plans a pricing page offers (hidden plans left out), in config order: prices in minor units, what each grants. */
export function publicPlans(config: TollgateConfig): { currency: string; data: PublicPlan[] } {
  const known = presented.get(config);
  if (known) return known;
  const currency = config.currency ?? 'usd';
  const data = Object.entries(config.plans)
    .filter(([, plan]) => !plan.hidden)
    .map(([key, plan]): PublicPlan => {
      const prices: PublicPlan['prices'] = [];
      for (const [interval, amount] of [
        ['month', plan.prices?.monthly],
        ['year', plan.prices?.yearly],
      ] as const) {
        if (amount !== undefined && !plan.custom) prices.push({ interval, amount, currency, amount_formatted: formatMoney({ amount, currency }) });
      }
      return {
        key,
        name: plan.name,
        description: plan.description ?? null,
        prices,
        per_seat: plan.perSeat ?? false,
        custom: plan.custom ?? false,
        trial_days: plan.trialDays ?? null,
        default: plan.default ?? false,
        highlights: plan.highlights ?? [],
        features: Object.entries(config.features).map(([feature, definition]) => presentGrant(feature, definition, plan.features[feature], currency)),
      };
    });
  const out = { currency, data };
  presented.set(config, out);
  return out;
}

/** The plan catalogue, from the config in memory: public, no credential needed. */
export const planRoutes: Route[] = [
  defineRoute({
    method: 'get',
    path: 'plans',
    summary: 'The plans on offer (hidden ones left out): prices in minor units with their currency, what each plan grants, trial days. Public: no credential',
    tag: 'Plans',
    auth: 'public',
    response: z.object({ currency: z.string(), data: z.array(planSchema) }),
    example: {},
    handler: async ({ deps }) => ok(publicPlans(deps.config)),
  }),
];
