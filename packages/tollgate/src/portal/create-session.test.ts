import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import { unwrap } from '../lib/result.ts';
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

describe('createPortalSession against the emulator', () => {
  let deps: TestDeps;
  beforeEach(async () => {
    deps = await createTestDeps();
  });
  afterEach(() => deps.close());

  it('opens the hosted portal for the Stripe customer of the app id, returning to the app', async () => {
    const { customer } = unwrap(await getOrCreateCustomer(deps, { externalId: 'user_7', email: 'seven@example.com' }));
    const session = unwrap(await createPortalSession(deps, { customer: 'user_7', returnUrl: 'https://app.test/settings/billing' }));
    expect(session.id).toMatch(/^bps_/);
    const page = await fetch(session.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('https://app.test/settings/billing');
    expect(customer.stripeCustomerId).toMatch(/^cus_/);
  });
});
