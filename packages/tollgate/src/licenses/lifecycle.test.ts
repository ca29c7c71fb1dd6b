import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { planPriceLookupKey } from '../core/config/stripe-keys.ts';
import { licenses } from '../core/db/schema/licenses.ts';
import { outbox } from '../core/db/schema/outbox.ts';
import { subscriptions } from '../core/db/schema/subscriptions.ts';
import { unixSeconds } from '../core/lib/clock.ts';
import { advanceTestClock } from '../testing/test-clock.ts';
import { deliver } from '../stripe-in/webhooks/test-support.ts';
import { restoreLicense } from './restore.ts';
import { revokeLicense } from './revoke.ts';
import { sweepLicenses } from './sweep.ts';
import { licenseHookTypes, licenseTestbed } from './fixtures.test-support.ts';
import { validateLicense } from './validate.ts';
import { publishedKeys } from './signing-key.ts';
import { verifyLicense } from './verify.ts';
import { perTest } from '../testing/per-test.test-support.ts';

const DAY = 86_400;

/** A subscription's license through dunning: a failing renewal on a test clock, the grace, payment, cancellation. */
describe('a license follows its subscription through dunning', () => {
  const bed = perTest(licenseTestbed);

  const licenseHooks = () => licenseHookTypes(bed.deps);
  const theLicense = async () => {
    const rows = await bed.deps.db.select().from(licenses);
    expect(rows).toHaveLength(1);
    return rows[0] as typeof licenses.$inferSelect;
  };

  it('issued when paid; suspended after the past-due grace; restored when paid; revoked when canceled', async () => {
    const { deps } = bed;
    const stripe = deps.stripe;
    const start = unixSeconds(deps.clock.now());
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await stripe.customers.create({ email: 'd@example.com', metadata: { tollgate_external_id: 'user_d' }, test_clock: clock.id });
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: visa.id } });
    const [price] = (await stripe.prices.list({ lookup_keys: [planPriceLookupKey('pro', 'month')] })).data;
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price?.id ?? '' }] });
    expect(subscription.status).toBe('active');
    await bed.deliverNew();

    const issued = await theLicense();
    expect(issued).toMatchObject({
      subscriptionId: subscription.id,
      externalId: 'user_d',
      planKey: 'pro',
      status: 'active',
      activationLimit: 3,
      features: ['export', 'sso'],
      expiresAt: null,
    });
    expect(await licenseHooks()).toEqual(['license.issued']);
    const [hook] = await deps.db.select().from(outbox).where(eq(outbox.type, 'license.issued'));
    expect(hook).toMatchObject({ externalId: 'user_d', payload: { license: { key: issued.key, customer: 'user_d', status: 'active' } } });
    // The key verifies offline with the published public key and carries the plan's grant.
    const verified = await verifyLicense(issued.key, { keys: await publishedKeys(deps), now: deps.clock.now(), features: ['sso'] });
    expect(verified).toMatchObject({ valid: true, license: { licenseId: issued.id, customer: 'user_d', plan: 'pro', activationLimit: 3, expiresAt: null } });

    // The card starts failing; the renewal fails: past_due, still active within the grace.
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    const renewal = (subscription.items.data[0]?.current_period_end ?? 0) + 2 * 3600;
    await advanceTestClock(stripe, clock.id, renewal);
    deps.clock.set(renewal * 1000);
    await bed.deliverNew();
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('past_due');
    expect(await validateLicense(deps, { key: issued.key })).toMatchObject({ ok: true, value: { valid: true, code: 'valid' } });
    expect(await sweepLicenses(deps)).toEqual({ suspended: 0, expired: 0 });

    // The grace (7 days) ends: reads say suspended at once; the sweep writes it with its hook, once.
    const pastDueSince = (await bed.deps.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id)))[0]?.pastDueSince?.getTime() ?? 0;
    expect(pastDueSince).toBeGreaterThan(0);
    deps.clock.set(pastDueSince + 7 * DAY * 1000 - 1000);
    expect(await validateLicense(deps, { key: issued.key })).toMatchObject({ ok: true, value: { code: 'valid' } });
    expect(await sweepLicenses(deps)).toEqual({ suspended: 0, expired: 0 });
    deps.clock.set(pastDueSince + 7 * DAY * 1000);
    expect(await validateLicense(deps, { key: issued.key })).toMatchObject({
      ok: true,
      value: { valid: false, code: 'suspended', license: { status: 'suspended', reason: 'past_due' } },
    });
    expect(await sweepLicenses(deps)).toEqual({ suspended: 1, expired: 0 });
    expect(await sweepLicenses(deps)).toEqual({ suspended: 0, expired: 0 });
    expect(await theLicense()).toMatchObject({ status: 'suspended', statusReason: 'past_due' });
    expect(await licenseHooks()).toEqual(['license.issued', 'license.suspended']);

    // The customer pays the open invoice with a good card: restored.
    const open = (await stripe.invoices.list({ subscription: subscription.id, status: 'open' })).data[0];
    await stripe.invoices.pay(open?.id ?? '', { payment_method: visa.id });
    await bed.deliverNew();
    expect(await theLicense()).toMatchObject({ status: 'active', statusReason: null });
    expect(await validateLicense(deps, { key: issued.key })).toMatchObject({ ok: true, value: { code: 'valid' } });
    expect(await licenseHooks()).toEqual(['license.issued', 'license.suspended', 'license.restored']);

    // An operator's revoke and restore, while billing is fine.
    expect(await revokeLicense(deps, { id: issued.id })).toMatchObject({ ok: true, value: { status: 'revoked', reason: 'operator' } });
    expect(await restoreLicense(deps, { id: issued.id })).toMatchObject({ ok: true, value: { status: 'active', reason: null } });

    // Canceled: revoked, for good.
    await stripe.subscriptions.cancel(subscription.id);
    await bed.deliverNew();
    expect(await theLicense()).toMatchObject({ status: 'revoked', statusReason: 'subscription_ended' });
    expect(await validateLicense(deps, { key: issued.key })).toMatchObject({ ok: true, value: { valid: false, code: 'revoked' } });
    expect(await restoreLicense(deps, { id: issued.id })).toMatchObject({ ok: false, error: { code: 'license_not_restorable' } });
    expect(await licenseHooks()).toEqual(['license.issued', 'license.suspended', 'license.restored', 'license.revoked', 'license.restored', 'license.revoked']);
    // Every event delivered again (Stripe retries): nothing changes.
    for (const event of bed.events) expect(await deliver(bed.handler, deps, event)).toBe(200);
    expect(await licenseHooks()).toHaveLength(6);
    expect(await theLicense()).toMatchObject({ status: 'revoked' });
  });
});
