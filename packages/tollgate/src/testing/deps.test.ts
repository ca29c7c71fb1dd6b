import { afterEach, describe, expect, it } from 'vitest';
import { createTestDeps, type TestDeps } from './deps.ts';

describe('createTestDeps', () => {
  let deps: TestDeps | undefined;
  afterEach(() => deps?.close());

  it('wires a database, a manual clock and an emulator-backed Stripe client', async () => {
    deps = await createTestDeps({ now: '2026-02-01T00:00:00Z' });
    expect(deps.clock.now().toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(deps.config.currency).toBe('usd');
    expect(deps.ids.next('usg')).toMatch(/^usg_/);
    const error = await deps.stripe.customers.retrieve('cus_missing').catch((e: unknown) => e);
    // The emulator answers over HTTP (404 once customers exist, 404 route today): a real round trip.
    expect((error as { statusCode?: number }).statusCode).toBe(404);
  });

  it('refuses Stripe calls when made without Stripe', async () => {
    deps = await createTestDeps({ stripe: false });
    expect(() => deps?.stripe.customers).toThrow(/have no Stripe/);
  });
});
