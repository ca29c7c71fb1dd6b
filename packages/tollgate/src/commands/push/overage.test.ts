import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../edges/cli/commands/init-templates.ts';
import type { TollgateConfig } from '../../core/config/types.ts';
import { validateConfig } from '../../core/config/validate.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { describeStep } from './describe.ts';
import { pushConfig } from './push.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const marketplace = TEMPLATES.marketplace?.config as TollgateConfig;

function withConfig(deps: TestDeps, raw: TollgateConfig): TestDeps {
  const result = validateConfig(raw);
  if (!result.ok) throw new Error(result.error.map((e) => e.message).join('\n'));
  return { ...deps, config: result.value };
}

describe('push: metered overage backed by Billing Meters', () => {
  const deps = perTest(() => createTestDeps({ config: marketplace }));

  it('creates one meter per feature and metered prices pointing at it, then has nothing to do', async () => {
    const first = unwrap(await pushConfig(deps, { apply: true }));
    const lines = first.plan.steps.map(describeStep);
    expect(lines[0]).toBe('+ meter    tollgate_executions: sum of "value" per customer (for executions overage)');
    expect(lines).toContain('+ price    tollgate:overage:pro:executions: $0.01 per 10 units/month metered');

    const meters = await deps.stripe.billing.meters.list();
    expect(meters.data).toHaveLength(1);
    const meter = meters.data[0];
    expect(meter).toMatchObject({
      event_name: 'tollgate_executions',
      status: 'active',
      default_aggregation: { formula: 'sum' },
      customer_mapping: { event_payload_key: 'stripe_customer_id', type: 'by_id' },
      value_settings: { event_payload_key: 'value' },
    });
    const overage = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:overage:pro:executions', 'tollgate:overage:business:executions'] })).data;
    expect(overage).toHaveLength(2);
    for (const price of overage) {
      expect(price.recurring).toMatchObject({ interval: 'month', usage_type: 'metered', meter: meter?.id });
      expect(price.metadata).toMatchObject({ tollgate_feature: 'executions' });
    }
    expect(overage.map((p) => p.transform_quantity?.divide_by).sort()).toEqual([10, 20]);
    expect(unwrap(await pushConfig(deps, { apply: false })).plan.steps).toEqual([]);
  });

  it('replaces an overage price when its amount changes and archives it when the overage goes', async () => {
    unwrap(await pushConfig(deps, { apply: true }));
    const [before] = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:overage:pro:executions'] })).data;
    const pro = marketplace.plans.pro;
    if (!pro) throw new Error('no pro plan');
    const dearer = withConfig(deps, {
      ...marketplace,
      plans: { ...marketplace.plans, pro: { ...pro, features: { ...pro.features, executions: { included: 5000, overage: { amount: 2, per: 10 } } } } },
    });
    const changed = unwrap(await pushConfig(dearer, { apply: true }));
    expect(changed.plan.steps.map((s) => s.type)).toEqual(['create_price', 'archive_price']);
    const [after] = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:overage:pro:executions'] })).data;
    expect(after).toMatchObject({ unit_amount: 2, recurring: { meter: before?.recurring?.meter } });
    expect(after?.id).not.toBe(before?.id);

    const without = withConfig(deps, {
      ...marketplace,
      plans: { ...marketplace.plans, pro: { ...pro, features: { ...pro.features, executions: 5000 } } },
    });
    const removed = unwrap(await pushConfig(without, { apply: true }));
    expect(removed.plan.steps.map(describeStep)).toEqual([`- price    tollgate:overage:pro:executions (${after?.id}): archive`]);
    expect(unwrap(await pushConfig(without, { apply: false })).plan.steps).toEqual([]);

    // No overage left anywhere: the meter is deactivated; bringing overage back reactivates it.
    const none = withConfig(deps, { ...marketplace, plans: { free: marketplace.plans.free ?? { name: 'Free', features: {} } } });
    const dropped = unwrap(await pushConfig(none, { apply: true }));
    expect(dropped.plan.steps.map((s) => s.type)).toContain('deactivate_meter');
    expect((await deps.stripe.billing.meters.retrieve(before?.recurring?.meter ?? '')).status).toBe('inactive');
    const back = unwrap(await pushConfig(deps, { apply: true }));
    expect(back.plan.steps.map((s) => s.type)).toContain('reactivate_meter');
    expect(back.plan.steps.map((s) => s.type)).not.toContain('create_meter');
    expect(unwrap(await pushConfig(deps, { apply: false })).plan.steps).toEqual([]);
  });
});
