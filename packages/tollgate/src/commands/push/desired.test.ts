import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config/default-config.ts';
import { defineConfig } from '../../core/config/types.ts';
import { validateConfig } from '../../core/config/validate.ts';
import { desiredState, meterParams } from './desired.ts';

function valid(raw: unknown) {
  const result = validateConfig(raw);
  if (!result.ok) throw new Error(result.error.map((e) => e.message).join('\n'));
  return result.value;
}

describe('desiredState', () => {
  it('gives every plan a product, paid plans a price per interval, custom plans none', () => {
    const state = desiredState(valid(defaultConfig));
    expect(state.products.map((p) => p.key)).toEqual(['plan:free', 'plan:pro', 'plan:business', 'plan:enterprise']);
    expect(state.prices.map((p) => [p.lookupKey, p.unitAmount, p.recurring?.interval])).toEqual([
      ['tollgate:plan:pro:month', 1500, 'month'],
      ['tollgate:plan:pro:year', 15000, 'year'],
      ['tollgate:plan:business:month', 4900, 'month'],
    ]);
    expect(state.prices[0]?.metadata).toEqual({ tollgate_plan: 'pro', tollgate_interval: 'month', tollgate_managed: 'true' });
    expect(state.meters).toEqual([]);
  });

  it('makes overage a monthly metered price on a meter named after the feature, with per as divide_by', () => {
    const config = valid(
      defineConfig({
        currency: 'EUR',
        features: { executions: { type: 'metered', name: 'Executions', reset: 'billing_period' } },
        plans: {
          team: { name: 'Team', perSeat: true, prices: { monthly: 100 }, features: { executions: { included: 1000, overage: { amount: 1, per: 100 } } } },
        },
        products: { template: { name: 'Template', price: 900 } },
      }),
    );
    const state = desiredState(config);
    expect(state.currency).toBe('eur');
    expect(state.meters).toEqual([{ feature: 'executions', eventName: 'tollgate_executions', displayName: 'Executions (Tollgate)' }]);
    const overage = state.prices.find((p) => p.lookupKey === 'tollgate:overage:team:executions');
    expect(overage).toMatchObject({ unitAmount: 1, divideBy: 100, recurring: { interval: 'month', usageType: 'metered', meterFeature: 'executions' } });
    expect(state.prices.find((p) => p.lookupKey === 'tollgate:plan:team:month')?.nickname).toBe('Team monthly (per seat)');
    expect(state.prices.find((p) => p.lookupKey === 'tollgate:product:template')).toMatchObject({ recurring: null, unitAmount: 900, currency: 'eur' });
    const meter = state.meters[0];
    if (!meter) throw new Error('no meter');
    expect(meterParams(meter)).toMatchObject({
      event_name: 'tollgate_executions',
      customer_mapping: { type: 'by_id', event_payload_key: 'stripe_customer_id' },
      value_settings: { event_payload_key: 'value' },
    });
  });
});
