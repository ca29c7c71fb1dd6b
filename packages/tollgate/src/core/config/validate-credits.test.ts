import { describe, expect, it } from 'vitest';
import { creditsTestConfig } from '../../usage/credits/fixtures.test-support.ts';
import { validateConfig } from './validate.ts';

const messages = (raw: unknown): string[] => {
  const result = validateConfig(raw, 'tollgate.config.ts');
  return result.ok ? [] : result.error.map((e) => e.message);
};

describe('validateConfig: credits, spend caps and alerts', () => {
  it('accepts a config that sells credits', () => {
    expect(validateConfig(creditsTestConfig).ok).toBe(true);
  });

  it('names every problem of a credit system by its path', () => {
    const problems = messages({
      ...creditsTestConfig,
      credits: {
        credits: {
          costs: { messages: 0.0000001, nope: 1, searches: 1 },
          packs: { small: { credits: 0, price: 500 }, odd: { credits: 5, price: 1.5 } },
          autoTopUp: { threshold: -1, pack: 'missing' },
          customAmount: { min: 900, max: 100, credits: 1, per: 1 },
          overdraft: -5,
        },
        overage: { costs: { agent_run: 1 } },
        gems: { costs: { agent_run: 2 } },
      },
      plans: {
        ...creditsTestConfig.plans,
        pro: { ...creditsTestConfig.plans.pro, credits: { diamonds: { amount: 5 } }, spendCaps: { overage: 1.5, rubies: 3 } },
      },
      alerts: { usage: [0, 80.5] },
    }).join('\n');
    for (const expected of [
      'credits.credits.costs.messages: must be a number of credits of at least 0 with at most six decimals',
      'credits.credits.packs.odd.price: must be an integer amount in minor units',
      'credits.credits.autoTopUp.threshold: must be a number of credits',
      'credits.credits.overdraft: must be a number of credits',
      'alerts.usage.0:',
      'alerts.usage.1: must be a whole percent',
    ]) {
      expect(problems).toContain(expected);
    }
    const semantic = messages({
      ...creditsTestConfig,
      credits: {
        credits: {
          costs: { messages: 1, nope: 1, searches: 1 },
          packs: { small: { credits: 0, price: 500 } },
          autoTopUp: { threshold: 1, pack: 'missing' },
          customAmount: { min: 900, max: 100, credits: 1, per: 1 },
        },
        overage: { costs: { agent_run: 1 } },
        gems: { costs: { messages: 2 } },
      },
      plans: {
        ...creditsTestConfig.plans,
        pro: { ...creditsTestConfig.plans.pro, credits: { diamonds: { amount: 5 } }, spendCaps: { overage: 1.5, rubies: 3 } },
      },
    }).join('\n');
    for (const expected of [
      'credits.credits.costs.nope: unknown feature "nope"',
      'plans.free.features.searches: "searches" is priced in credits (credits): grant it with true',
      'credits.credits.packs.small.credits: a pack grants more than 0 credits',
      'credits.credits.autoTopUp.pack: unknown pack "missing"',
      'credits.credits.customAmount: min must not be above max',
      'credits.overage: "overage" names the spend cap on metered overage',
      'credits.gems.costs.messages: "messages" is already priced in "credits"',
      'plans.pro.credits.diamonds: unknown credit system "diamonds"',
      'plans.pro.spendCaps.overage: the overage cap is an integer amount in minor units',
      'plans.pro.spendCaps.rubies: unknown scope "rubies"',
    ]) {
      expect(semantic).toContain(expected);
    }
  });
});
