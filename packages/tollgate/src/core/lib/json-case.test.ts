import { describe, expect, it } from 'vitest';
import { snakeKeys, snakeParam } from './json-case.ts';

describe('the HTTP spelling of names', () => {
  it('field paths of errors: the API spelling, the app own keys left alone', () => {
    expect(snakeParam('idempotencyKey')).toBe('idempotency_key');
    expect(snakeParam('events[2].idempotencyKey')).toBe('events.2.idempotency_key');
    expect(snakeParam('customer')).toBe('customer');
    expect(snakeParam('metadata.planTier')).toBe('metadata.planTier');
    expect(snakeParam('events[0].properties.modelName')).toBe('events.0.properties.modelName');
    expect(snakeParam('Stripe-Signature')).toBe('Stripe-Signature');
  });

  it('answers: keys in snake_case, dates as ISO, metadata and properties untouched', () => {
    expect(snakeKeys({ resetsAt: new Date('2026-01-01T00:00:00Z'), overageUsed: 2, metadata: { planTier: 'x' }, items: [{ windowKey: 'k' }] })).toEqual({
      resets_at: '2026-01-01T00:00:00.000Z',
      overage_used: 2,
      metadata: { planTier: 'x' },
      items: [{ window_key: 'k' }],
    });
  });
});
