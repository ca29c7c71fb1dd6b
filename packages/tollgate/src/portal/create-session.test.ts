import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDeps, type TestDeps } from '../testing/deps.ts';
import { createPortalSession } from './create-session.ts';

describe('createPortalSession: refusals', () => {
  let deps: TestDeps;
  beforeEach(async () => {
    deps = await createTestDeps({ stripe: false });
  });
  afterEach(() => deps.close());

  it('names the field for bad input and for a customer Stripe does not know', async () => {
    expect(await createPortalSession(deps, { customer: '', returnUrl: 'https://app.test' })).toMatchObject({ ok: false, error: { param: 'customer' } });
    expect(await createPortalSession(deps, { customer: 'u1', returnUrl: 'app.test' })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', param: 'returnUrl' },
    });
    expect(await createPortalSession(deps, { customer: 'u1', returnUrl: 'https://app.test' })).toMatchObject({
      ok: false,
      error: { code: 'customer_not_found', param: 'customer' },
    });
  });
});
