import { describe, expect, it } from 'vitest';
import { meterEventName, overagePriceLookupKey, parseLookupKey, planPriceLookupKey, productLookupKey } from './stripe-keys.ts';

describe('config keys on Stripe objects', () => {
  it('round-trip through lookup keys', () => {
    expect(parseLookupKey(planPriceLookupKey('pro', 'year'))).toEqual({ kind: 'plan', plan: 'pro', interval: 'year', version: 1 });
    expect(parseLookupKey(overagePriceLookupKey('business', 'messages'))).toEqual({ kind: 'overage', plan: 'business', feature: 'messages', version: 1 });
    expect(parseLookupKey(productLookupKey('lead-agent'))).toEqual({ kind: 'product', product: 'lead-agent' });
  });

  it('ignore prices Tollgate does not manage', () => {
    expect(parseLookupKey('pro_monthly')).toBeUndefined();
    expect(parseLookupKey(null)).toBeUndefined();
    expect(parseLookupKey('tollgate:plan:pro:week')).toBeUndefined();
  });

  it('name meters by feature', () => {
    expect(meterEventName('ai-messages')).toBe('tollgate_ai_messages');
  });
});
