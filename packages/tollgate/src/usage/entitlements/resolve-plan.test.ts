import { describe, expect, it } from 'vitest';
import { usageTestConfig } from '../ledger/fixtures.test-support.ts';
import { resolvePlan } from './resolve-plan.ts';

const now = new Date('2026-01-15T12:00:00Z');
const sub = (status: string, extra: object = {}) => ({
  planKey: 'pro',
  status,
  currentPeriodStart: new Date('2026-01-14T00:00:00Z'),
  currentPeriodEnd: new Date('2026-02-14T00:00:00Z'),
  ...extra,
});

describe('status policy', () => {
  it('active and trialing keep the plan and its period', () => {
    expect(resolvePlan(usageTestConfig, sub('active'), now)).toMatchObject({
      planKey: 'pro',
      reason: 'active',
      period: { start: new Date('2026-01-14T00:00:00Z') },
    });
    expect(resolvePlan(usageTestConfig, sub('trialing'), now).planKey).toBe('pro');
  });

  it('past_due keeps the plan for the grace period (from when it went past due, else the period start), then falls back', () => {
    expect(resolvePlan(usageTestConfig, sub('past_due'), now)).toMatchObject({ planKey: 'pro', reason: 'past_due_grace' });
    const late = new Date('2026-01-17T00:00:00Z'); // 3 days after the period start
    expect(resolvePlan(usageTestConfig, sub('past_due'), late)).toMatchObject({
      planKey: 'free',
      subscribedPlanKey: 'pro',
      reason: 'past_due_expired',
      period: null,
    });
    expect(resolvePlan(usageTestConfig, sub('past_due', { pastDueSince: new Date('2026-01-16T00:00:00Z') }), late).planKey).toBe('pro');
    // Past due since before this period began (a renewal while past due): the grace ran out with the old period.
    expect(resolvePlan(usageTestConfig, sub('past_due', { pastDueSince: new Date('2026-01-10T00:00:00Z') }), now)).toMatchObject({
      planKey: 'free',
      reason: 'past_due_expired',
    });
  });

  it('canceled, unpaid, incomplete, no subscription and unknown plans get the default plan', () => {
    for (const status of ['canceled', 'unpaid', 'incomplete', 'incomplete_expired', 'paused']) {
      expect(resolvePlan(usageTestConfig, sub(status), now)).toMatchObject({ planKey: 'free', reason: 'inactive' });
    }
    expect(resolvePlan(usageTestConfig, null, now)).toMatchObject({ planKey: 'free', reason: 'no_subscription' });
    expect(resolvePlan(usageTestConfig, sub('active', { planKey: 'gold' }), now)).toMatchObject({ planKey: 'free', reason: 'unknown_plan' });
    const noDefault = { ...usageTestConfig, plans: { pro: usageTestConfig.plans.pro } };
    expect(resolvePlan(noDefault, null, now)).toMatchObject({ planKey: null, plan: null });
  });
});
