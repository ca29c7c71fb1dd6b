import { describe, expect, it } from 'vitest';
import { defaultConfig } from './default-config.ts';
import { validateConfig } from './validate.ts';

describe('validateConfig', () => {
  it('accepts the default chatbot config and normalises the currency', () => {
    const result = validateConfig(defaultConfig);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.currency).toBe('usd');
  });

  it('names the file, the path and the problem', () => {
    const result = validateConfig(
      { features: { messages: { type: 'metered', reset: 'hourly' } }, plans: { pro: { name: 'Pro', prices: { monthly: 15.5 }, features: {} } } },
      'tollgate.config.ts',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.error.map((e) => e.message);
    expect(messages.some((m) => m.startsWith('tollgate.config.ts: features.messages.reset:'))).toBe(true);
    expect(messages).toContain('tollgate.config.ts: plans.pro.prices.monthly: must be an integer amount in minor units');
  });

  it('catches cross-field mistakes', () => {
    const result = validateConfig({
      features: { analytics: { type: 'boolean' }, seats: { type: 'gauge' } },
      plans: {
        a: { name: 'A', default: true, features: { analytics: 3, nope: true } },
        b: { name: 'B', default: true, custom: true, prices: { monthly: 100 }, features: { seats: { included: 1, overage: { amount: 1 } } } },
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.error.map((e) => e.message).join('\n');
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
    const bad = validateConfig({ ...base, features: { tokens: { type: 'metered', reset: 'day', reporting: 'v2' } } }, 'billing.config.ts');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.map((e) => e.message).join('\n')).toMatch(/^billing\.config\.ts: features\.tokens\.reporting: /m);
    const onGauge = validateConfig({ ...base, features: { tokens: { type: 'gauge', reporting: 'stream' } } });
    expect(onGauge.ok).toBe(false);
  });
});
