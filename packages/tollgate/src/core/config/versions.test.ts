import { describe, expect, it } from 'vitest';
import { v2Config } from '../../commands/plans/test-support.ts';
import { desiredState } from '../../commands/push/desired.ts';
import { overagePriceLookupKey, parseLookupKey, planPriceLookupKey, planVersionOfPrice } from './stripe-keys.ts';
import type { TollgateConfig } from './types.ts';
import { validateConfig } from './validate.ts';
import { currentVersion, planAtVersion } from './versions.ts';

const problems = (raw: unknown) => {
  const result = validateConfig(raw);
  return result.ok ? [] : result.error.map((e) => e.param);
};

describe('plan versions in the config', () => {
  it('give each version its own lookup keys, read back with the version', () => {
    expect(planPriceLookupKey('pro', 'month', 2)).toBe('tollgate:plan:pro:month:v2');
    expect(parseLookupKey('tollgate:overage:pro:messages:v3')).toEqual({ kind: 'overage', plan: 'pro', feature: 'messages', version: 3 });
    expect(parseLookupKey(overagePriceLookupKey('pro', 'messages'))).toMatchObject({ version: 1 });
    expect(parseLookupKey('tollgate:plan:pro:month:v0')).toBeUndefined();
    expect(parseLookupKey('tollgate:plan:pro:month:v2:x')).toBeUndefined();
    expect(planVersionOfPrice({ lookup_key: null, metadata: { tollgate_plan_version: '4' } })).toBe(4);
    expect(planVersionOfPrice({ lookup_key: null, metadata: {} })).toBe(1);
  });

  it('describe a plan at each version, the current one by default and for versions no longer kept', () => {
    const pro = v2Config.plans.pro;
    if (!pro) throw new Error('no pro');
    expect(currentVersion(pro)).toBe(2);
    expect(planAtVersion(pro, 1)).toMatchObject({ name: 'Pro', prices: { monthly: 1500 }, features: { messages: 1000 } });
    expect(planAtVersion(pro, 2)).toBe(pro);
    expect(planAtVersion(pro, 7)).toBe(pro);
    expect(planAtVersion(pro, null)).toBe(pro);
  });

  it('push every kept version, the current one with the version in its lookup keys', () => {
    const state = desiredState(v2Config);
    expect(state.prices.map((p) => [p.lookupKey, p.unitAmount, p.metadata.tollgate_plan_version ?? null])).toEqual([
      ['tollgate:plan:pro:month:v2', 2000, '2'],
      ['tollgate:plan:pro:month', 1500, null],
    ]);
    const [v2, v1] = state.prices;
    expect(v1?.metadata.tollgate_plan_limits).toMatch(/^[0-9a-f]{16}$/);
    expect(v1?.metadata.tollgate_plan_limits).not.toBe(v2?.metadata.tollgate_plan_limits);
  });

  it('refuse versions that cannot be, naming the path', () => {
    const pro = v2Config.plans.pro;
    if (!pro) throw new Error('no pro');
    const withPro = (plan: object): TollgateConfig => ({ ...v2Config, plans: { ...v2Config.plans, pro: { ...pro, ...plan } } });
    expect(problems(withPro({ version: 1 }))).toEqual(['plans.pro.versions.1']);
    expect(problems(withPro({ version: undefined }))).toEqual(['plans.pro.version', 'plans.pro.versions.1']);
    expect(problems(withPro({ version: 0 }))).toEqual(['plans.pro.version']);
    expect(problems(withPro({ versions: { one: { features: {} } } }))).toEqual(['plans.pro.versions.one']);
    expect(problems(withPro({ versions: { '1': { prices: { monthly: 1500 }, features: { tokens: 5 } } } }))).toEqual(['plans.pro.versions.1.features.tokens']);
    expect(problems(withPro({ versions: { '1': { features: { messages: 10 } } } }))).toEqual(['plans.pro.versions.1.prices']);
  });
});
