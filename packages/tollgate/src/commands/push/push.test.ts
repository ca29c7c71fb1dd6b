import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config/default-config.ts';
import type { TollgateConfig } from '../../core/config/types.ts';
import { validateConfig } from '../../core/config/validate.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { describeStep } from './describe.ts';
import { applyPush } from './apply.ts';
import { planPush } from './plan.ts';
import { pushConfig } from './push.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

function withConfig(deps: TestDeps, raw: TollgateConfig): TestDeps {
  const result = validateConfig(raw);
  if (!result.ok) throw new Error(result.error.map((e) => e.message).join('\n'));
  return { ...deps, config: result.value };
}

describe('pushConfig against the emulator', () => {
  const deps = perTest(createTestDeps);

  it('creates products and prices, then has nothing to do on a second run', async () => {
    const first = unwrap(await pushConfig(deps, { apply: true }));
    expect(first.plan.steps.map(describeStep)).toEqual([
      '+ product  plan:free "Free"',
      '+ product  plan:pro "Pro"',
      '+ product  plan:business "Business"',
      '+ product  plan:enterprise "Enterprise"',
      '+ price    tollgate:plan:pro:month: $15.00/month',
      '+ price    tollgate:plan:pro:year: $150.00/year',
      '+ price    tollgate:plan:business:month: $49.00/month',
    ]);
    expect(first.applied).toHaveLength(7);

    const prices = await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:pro:month'], expand: ['data.product'] });
    const pro = prices.data[0];
    expect(pro).toMatchObject({ unit_amount: 1500, currency: 'usd', recurring: { interval: 'month', usage_type: 'licensed' } });
    expect(pro?.metadata).toMatchObject({ tollgate_plan: 'pro', tollgate_interval: 'month' });
    expect(typeof pro?.product === 'object' && pro.product !== null && 'name' in pro.product ? pro.product.name : undefined).toBe('Pro');

    const second = unwrap(await pushConfig(deps, { apply: true }));
    expect(second.plan.steps).toEqual([]);
    expect(second.applied).toBeUndefined();
  });

  it('two pushes racing create each object once (creates are keyed by what they create)', async () => {
    const results = await Promise.all([pushConfig(deps, { apply: true }), pushConfig(deps, { apply: true })]);
    for (const r of results) expect(r.ok).toBe(true);
    const products = await deps.stripe.products.list({ limit: 100 });
    const prices = await deps.stripe.prices.list({ limit: 100 });
    expect(products.data).toHaveLength(4);
    expect(prices.data).toHaveLength(3);
  });

  it('moves the lookup key to a new price when an amount changes, and archives removed prices and plans', async () => {
    unwrap(await pushConfig(deps, { apply: true }));
    const before = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:pro:month'] })).data[0];
    const { business: _removed, ...plans } = defaultConfig.plans;
    const changed = withConfig(deps, {
      ...defaultConfig,
      plans: { ...plans, pro: { ...plans.pro, name: 'Pro+', prices: { monthly: 2000 } } },
    });

    const planned = unwrap(await pushConfig(changed, { apply: false }));
    expect(planned.applied).toBeUndefined();
    expect(planned.plan.steps.map(describeStep)).toEqual([
      `~ product  plan:pro (${planned.plan.steps[0]?.type === 'update_product' ? planned.plan.steps[0].id : ''}): name`,
      `~ price    tollgate:plan:pro:month: $15.00 -> $20.00/month (new price, lookup key moves, ${before?.id} archived)`,
      expect.stringMatching(/^- price {4}tollgate:plan:business:month \(price_\w+\): archive$/),
      `- price    tollgate:plan:pro:month (${before?.id}): archive`,
      expect.stringMatching(/^- price {4}tollgate:plan:pro:year \(price_\w+\): archive$/),
      expect.stringMatching(/^- product {2}plan:business \(prod_\w+\): archive, no longer in the config$/),
    ]);

    unwrap(await pushConfig(changed, { apply: true }));
    const after = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:pro:month'] })).data[0];
    expect(after?.id).not.toBe(before?.id);
    expect(after?.unit_amount).toBe(2000);
    const old = await deps.stripe.prices.retrieve(before?.id ?? '');
    expect(old).toMatchObject({ active: false, lookup_key: null, unit_amount: 1500 });
    expect(unwrap(await pushConfig(changed, { apply: false })).plan.steps).toEqual([]);

    // Putting the plan back reactivates the archived objects instead of duplicating them.
    const restored = unwrap(await pushConfig(deps, { apply: true }));
    const types = restored.plan.steps.map((s) => s.type);
    expect(types).not.toContain('create_product');
    expect(types.filter((t) => t === 'update_product')).toHaveLength(2);
    expect(unwrap(await pushConfig(deps, { apply: false })).plan.steps).toEqual([]);
    const products = await deps.stripe.products.list({ limit: 100 });
    expect(products.data.filter((p) => p.metadata.tollgate_plan === 'business')).toHaveLength(1);
  });

  it('stops at the first Stripe error naming the step, and a later push picks up from there', async () => {
    const plan = await planPush(deps);
    expect(plan.steps).toHaveLength(7);
    const emulatorUrl = deps.testStripe?.emulator.url ?? '';
    const faults = (body: object) =>
      fetch(`${emulatorUrl}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    // Stripe answers 500 to every price call: products go in, the first price does not.
    expect((await faults({ rate: 1, kinds: ['server_error'], paths: ['/v1/prices'] })).ok).toBe(true);
    const failed = await applyPush(deps, plan);
    await faults({ rate: 0 });
    expect(failed.ok).toBe(false);
    if (failed.ok) return;
    expect(failed.error.code).toBe('stripe_error');
    expect(failed.error.message).toMatch(/^push stopped at step 5 \(\+ price {4}tollgate:plan:pro:month: \$15\.00\/month\): /);
    expect(failed.error.details).toEqual({ applied: 4 });
    const rest = unwrap(await pushConfig(deps, { apply: true }));
    expect(rest.plan.steps.map((s) => s.type)).toEqual(['create_price', 'create_price', 'create_price']);
    expect(unwrap(await pushConfig(deps, { apply: false })).plan.steps).toEqual([]);
  });

  it('makes per-seat prices per unit and one-time products one_time prices', async () => {
    const seats = withConfig(deps, {
      features: { seats: { type: 'gauge' } },
      plans: { team: { name: 'Team', perSeat: true, prices: { monthly: 100 }, features: { seats: 'unlimited' } } },
      products: { template: { name: 'Agent template', price: 900 } },
    });
    unwrap(await pushConfig(seats, { apply: true }));
    const [team, template] = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:team:month', 'tollgate:product:template'] })).data.sort((a, b) =>
      String(a.lookup_key).localeCompare(String(b.lookup_key)),
    );
    expect(team).toMatchObject({ billing_scheme: 'per_unit', unit_amount: 100, type: 'recurring' });
    expect(template).toMatchObject({ type: 'one_time', unit_amount: 900, recurring: null, metadata: { tollgate_product: 'template' } });
    expect(unwrap(await pushConfig(seats, { apply: false })).plan.steps).toEqual([]);
  });
});
