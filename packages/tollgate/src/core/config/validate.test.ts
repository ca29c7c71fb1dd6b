import { describe, expect, it } from 'vitest';
import { defaultConfig } from './default-config.ts';
import { validateConfig } from './validate.ts';

/** The messages of a config that validation must refuse. */
function refusals(raw: unknown, file?: string): string[] {
  const result = validateConfig(raw, file);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.error.map((e) => e.message);
}

describe('validateConfig', () => {
  it('accepts the default chatbot config and normalises the currency', () => {
    const result = validateConfig(defaultConfig);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.currency).toBe('usd');
  });

  it('names the file, the path and the problem', () => {
    const messages = refusals(
      { features: { messages: { type: 'metered', reset: 'hourly' } }, plans: { pro: { name: 'Pro', prices: { monthly: 15.5 }, features: {} } } },
      'tollgate.config.ts',
    );
    expect(messages.some((m) => m.startsWith('tollgate.config.ts: features.messages.reset:'))).toBe(true);
    expect(messages).toContain('tollgate.config.ts: plans.pro.prices.monthly: must be an integer amount in minor units');
  });

  it('licenses: a grant on paid plans and one-time products, checked field by field', () => {
    const good = validateConfig({
      features: {},
      plans: {
        free: { name: 'Free', default: true, features: {} },
        pro: { name: 'Pro', prices: { monthly: 1500 }, features: {}, license: { activations: 3, features: ['export', 'pro:sso'], validFor: 'subscription' } },
        corp: { name: 'Corp', custom: true, features: {}, license: { activations: 50, validFor: { days: 365 } } },
      },
      products: { pack: { name: 'Pack', price: 999, license: { activations: 1 } } },
      licenses: { leaseTtlSeconds: 3600, keySecret: 'a secret of 16+ chars' },
    });
    expect(good.ok).toBe(true);
    const messages = refusals({
      features: {},
      plans: {
        free: { name: 'Free', default: true, features: {}, license: { activations: 1 } },
        pro: { name: 'Pro', prices: { monthly: 1500 }, features: {}, license: { activations: 0, features: ['no spaces'], validFor: { days: 0 } } },
      },
      products: { pack: { name: 'Pack', price: 999, license: { activations: 1, validFor: 'subscription' } } },
      licenses: { leaseTtlSeconds: 5, keySecret: 'short' },
    }).join('\n');
    expect(messages).toContain('plans.pro.license.activations:');
    expect(messages).toContain('plans.pro.license.features.0: must be 1-64 letters');
    expect(messages).toContain('plans.pro.license.validFor');
    expect(messages).toContain('licenses.leaseTtlSeconds:');
    expect(messages).toContain('licenses.keySecret: must be at least 16 characters');
    const problems = refusals({
      features: {},
      plans: { free: { name: 'Free', default: true, features: {}, license: { activations: 1 } } },
      products: { pack: { name: 'Pack', price: 999, license: { activations: 1, validFor: 'subscription' } } },
    }).join('\n');
    expect(problems).toContain('plans.free.license: a license is issued for a paid subscription');
    expect(problems).toContain('products.pack.license.validFor: a one-time product has no subscription');
  });

  it('catches cross-field mistakes', () => {
    const messages = refusals({
      features: { analytics: { type: 'boolean' }, seats: { type: 'gauge' } },
      plans: {
        a: { name: 'A', default: true, features: { analytics: 3, nope: true } },
        b: { name: 'B', default: true, custom: true, prices: { monthly: 100 }, features: { seats: { included: 1, overage: { amount: 1 } } } },
      },
    }).join('\n');
    expect(messages).toContain('plans: only one plan may be the default (found a, b)');
    expect(messages).toContain('plans.a.features.analytics: "analytics" is a boolean feature');
    expect(messages).toContain('plans.a.features.nope: unknown feature "nope"');
    expect(messages).toContain('plans.b.prices: a custom plan has no self-serve prices');
    expect(messages).toContain('plans.b.features.seats.overage: overage is only for metered features');
  });

  it('accepts a metered feature reported through the meter event stream, and names a bad reporting mode', () => {
    const base = { plans: { pro: { name: 'Pro', prices: { monthly: 1500 }, features: { tokens: { included: 10, overage: { amount: 1 } } } } } };
    const good = validateConfig({ ...base, features: { tokens: { type: 'metered', reset: 'day', reporting: 'stream' } } });
    expect(good.ok && good.value.features.tokens).toMatchObject({ reporting: 'stream' });
    expect(refusals({ ...base, features: { tokens: { type: 'metered', reset: 'day', reporting: 'v2' } } }, 'billing.config.ts').join('\n')).toMatch(
      /^billing\.config\.ts: features\.tokens\.reporting: /m,
    );
    const onGauge = validateConfig({ ...base, features: { tokens: { type: 'gauge', reporting: 'stream' } } });
    expect(onGauge.ok).toBe(false);
  });
});
