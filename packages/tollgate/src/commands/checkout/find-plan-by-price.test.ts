import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config/default-config.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../push/push.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { findPlanByPrice } from './find-plan-by-price.ts';
import { perSuite } from '../../testing/per-test.test-support.ts';

const config = { ...defaultConfig, plans: { ...defaultConfig.plans, legacy: { name: 'Legacy', hidden: true, prices: { monthly: 900 }, features: {} } } };

describe('findPlanByPrice', () => {
  const deps = perSuite(() => createTestDeps({ config }));
  const priceOf = async (lookupKey: string) => (await deps.stripe.prices.list({ lookup_keys: [lookupKey] })).data[0]?.id ?? '';
  beforeAll(async () => {
    unwrap(await pushConfig(deps, { apply: true }));
  });

  it('answers the plan and interval of a plan price tollgate push made', async () => {
    const monthly = await priceOf('tollgate:plan:pro:month');
    expect(await findPlanByPrice(deps, monthly)).toEqual({ ok: true, value: { plan: 'pro', interval: 'month', priceId: monthly } });
    expect(unwrap(await findPlanByPrice(deps, await priceOf('tollgate:plan:pro:year')))).toMatchObject({ plan: 'pro', interval: 'year' });
  });

  it('refuses what a price id from a browser must not choose, naming the field', async () => {
    const param = 'price_id';
    const hidden = await findPlanByPrice(deps, await priceOf('tollgate:plan:legacy:month'), param);
    expect(hidden).toMatchObject({ ok: false, error: { code: 'plan_not_self_serve', param } });
    const foreign = await deps.stripe.prices.create({
      currency: 'usd',
      unit_amount: 100,
      recurring: { interval: 'month' },
      product_data: { name: 'Not a plan' },
    });
    expect(await findPlanByPrice(deps, foreign.id, param)).toMatchObject({ ok: false, error: { code: 'plan_not_found', param } });
    expect(await findPlanByPrice(deps, 'price_nope', param)).toMatchObject({ ok: false, error: { code: 'price_not_found', param } });
    const product = typeof foreign.product === 'string' ? foreign.product : foreign.product.id;
    expect(await findPlanByPrice(deps, product, param)).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', param, message: expect.stringContaining('is a product id') as unknown },
    });
    for (const bad of ['', 'pro', 42, undefined, 'price_\u0000'])
      expect(await findPlanByPrice(deps, bad, param)).toMatchObject({ ok: false, error: { code: 'validation_failed', param } });
    await deps.stripe.prices.update(foreign.id, { active: false });
    expect(await findPlanByPrice(deps, foreign.id, param)).toMatchObject({
      ok: false,
      error: { code: 'price_not_found', message: expect.stringContaining('archived') as unknown },
    });
  });
});
