import { describe, expect, it } from 'vitest';
import { validateConfig } from '../core/config/validate.ts';
import { issuable, licenseStatus, type SourceFacts, type SubscriptionFacts } from './status.ts';
import { licenseTestConfig } from './fixtures.test-support.ts';

const validated = validateConfig(licenseTestConfig);
if (!validated.ok) throw new Error('invalid test config');
const config = validated.value;
const now = new Date('2026-03-01T12:00:00Z');
const DAY = 86_400_000;
const active = { status: 'active', statusReason: null, expiresAt: null };
const sub = (facts: Partial<SubscriptionFacts>): SourceFacts => ({
  kind: 'subscription',
  subscription: { status: 'active', planKey: 'pro', pastDueSince: null, currentPeriodStart: new Date(now.getTime() - 10 * DAY), ...facts },
});

describe('how a license status follows billing (licenseStatus)', () => {
  it.each([
    ['active', sub({}), 'active', null],
    ['trialing', sub({ status: 'trialing' }), 'active', null],
    ['past due 6 days (grace 7)', sub({ status: 'past_due', pastDueSince: new Date(now.getTime() - 6 * DAY) }), 'active', null],
    ['past due exactly 7 days', sub({ status: 'past_due', pastDueSince: new Date(now.getTime() - 7 * DAY) }), 'suspended', 'past_due'],
    [
      'past due, since unknown: from the period start',
      sub({ status: 'past_due', currentPeriodStart: new Date(now.getTime() - 8 * DAY) }),
      'suspended',
      'past_due',
    ],
    ['unpaid', sub({ status: 'unpaid' }), 'suspended', 'unpaid'],
    ['paused', sub({ status: 'paused' }), 'suspended', 'paused'],
    ['moved to a plan without a license', sub({ planKey: 'team' }), 'suspended', 'plan_without_license'],
    ['canceled', sub({ status: 'canceled' }), 'revoked', 'subscription_ended'],
    ['incomplete_expired', sub({ status: 'incomplete_expired' }), 'revoked', 'subscription_ended'],
    ['incomplete (nothing said): the row stands', sub({ status: 'incomplete' }), 'active', null],
    [
      'purchase paid',
      { kind: 'purchase', purchase: { status: 'complete', paymentStatus: 'paid', productKey: 'agent-pack', refundedAt: null } },
      'active',
      null,
    ],
    [
      'purchase refunded',
      { kind: 'purchase', purchase: { status: 'complete', paymentStatus: 'paid', productKey: 'agent-pack', refundedAt: now } },
      'revoked',
      'refunded',
    ],
    ['no billing facts: the row stands', null, 'active', null],
  ] as [string, SourceFacts | null, string, string | null][])('%s -> %s', (_, facts, status, reason) => {
    expect(licenseStatus(config, active, facts, now)).toEqual({ status, reason });
  });

  it('revoked is final (billing cannot bring it back); expiry comes before billing', () => {
    expect(licenseStatus(config, { status: 'revoked', statusReason: 'operator', expiresAt: null }, sub({}), now)).toEqual({
      status: 'revoked',
      reason: 'operator',
    });
    expect(licenseStatus(config, { ...active, expiresAt: now }, sub({}), now)).toEqual({ status: 'expired', reason: 'expired' });
    expect(licenseStatus(config, { ...active, expiresAt: new Date(now.getTime() + 1) }, sub({}), now)).toEqual({ status: 'active', reason: null });
    expect(licenseStatus(config, { status: 'suspended', statusReason: 'past_due', expiresAt: null }, sub({}), now)).toEqual({ status: 'active', reason: null });
  });

  it('a license is issued for a paid (or trialing) subscription or paid purchase whose plan or product grants one', () => {
    expect(issuable(config, sub({}))).toEqual({ activations: 3, features: ['export', 'sso'] });
    expect(issuable(config, sub({ status: 'trialing' }))).toBeDefined();
    expect(issuable(config, sub({ status: 'past_due' }))).toBeDefined();
    for (const status of ['incomplete', 'incomplete_expired', 'canceled']) expect(issuable(config, sub({ status }))).toBeUndefined();
    expect(issuable(config, sub({ planKey: 'team' }))).toBeUndefined();
    const purchase = (p: Partial<{ status: string; paymentStatus: string; productKey: string | null; refundedAt: Date | null }>): SourceFacts => ({
      kind: 'purchase',
      purchase: { status: 'complete', paymentStatus: 'paid', productKey: 'agent-pack', refundedAt: null, ...p },
    });
    expect(issuable(config, purchase({}))).toEqual({ activations: 1, features: ['agents'] });
    expect(issuable(config, purchase({ status: 'open', paymentStatus: 'unpaid' }))).toBeUndefined();
    expect(issuable(config, purchase({ refundedAt: now }))).toBeUndefined();
    expect(issuable(config, purchase({ productKey: null }))).toBeUndefined();
  });
});
