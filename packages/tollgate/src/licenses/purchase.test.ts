import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createPurchaseCheckout } from '../commands/checkout/create-purchase.ts';
import { licenses } from '../core/db/schema/licenses.ts';
import { outbox } from '../core/db/schema/outbox.ts';
import { purchases } from '../core/db/schema/purchases.ts';
import { unwrap } from '../core/lib/result.ts';
import { createTestDatabase } from '../testing/db.ts';
import { createWebhookHandler } from '../stripe-in/webhooks/handler.ts';
import { deliver, TEST_SECRET } from '../stripe-in/webhooks/test-support.ts';
import { sweepLicenses } from './sweep.ts';
import { startLicenseSweeper } from './sweep-worker.ts';
import { licenseHookTypes, licenseTestbed, payOnHostedPage } from './fixtures.test-support.ts';
import { validateLicense } from './validate.ts';
import { perTest } from '../testing/per-test.test-support.ts';

const urls = { successUrl: 'https://app.example.com/thanks', cancelUrl: 'https://app.example.com/no' };
const DAY_MS = 86_400_000;

describe('a one-time purchase grants a license; a refund revokes it', () => {
  const bed = perTest(licenseTestbed);

  const licenseHooks = () => licenseHookTypes(bed.deps);

  it('issued once when paid (duplicates included), revoked by a full refund, kept by a partial one', async () => {
    const { deps } = bed;
    const pack = unwrap(await createPurchaseCheckout(deps, { customer: 'user_p', product: 'agent-pack', ...urls }));
    await payOnHostedPage(pack);
    const pass = unwrap(await createPurchaseCheckout(deps, { customer: 'user_p', product: 'year-pass', ...urls }));
    await payOnHostedPage(pass);
    await bed.deliverNew();
    for (const event of bed.events) expect(await deliver(bed.handler, deps, event)).toBe(200);

    const rows = await deps.db.select().from(licenses).orderBy(licenses.productKey);
    expect(rows.map((r) => [r.purchaseId, r.productKey, r.externalId, r.status, r.activationLimit])).toEqual([
      [pack.id, 'agent-pack', 'user_p', 'active', 1],
      [pass.id, 'year-pass', 'user_p', 'active', 2],
    ]);
    // The agent pack is perpetual; the year pass expires 365 days after issue.
    const [packLicense, passLicense] = rows;
    expect(packLicense?.expiresAt).toBeNull();
    expect(passLicense?.expiresAt?.getTime()).toBe((passLicense?.issuedAt.getTime() ?? 0) + 365 * DAY_MS);
    expect(await licenseHooks()).toEqual(['license.issued', 'license.issued']);

    // A partial refund of the year pass keeps it; refunding the rest revokes it.
    const [passPurchase] = await deps.db.select().from(purchases).where(eq(purchases.id, pass.id));
    await deps.stripe.refunds.create({ payment_intent: passPurchase?.paymentIntentId ?? '', amount: 1000 });
    await bed.deliverNew();
    expect((await deps.db.select().from(purchases).where(eq(purchases.id, pass.id)))[0]).toMatchObject({ amountRefunded: 1000, refundedAt: null });
    expect(await validateLicense(deps, { key: passLicense?.key ?? '' })).toMatchObject({ ok: true, value: { code: 'valid' } });
    await deps.stripe.refunds.create({ payment_intent: passPurchase?.paymentIntentId ?? '' });
    await bed.deliverNew();
    expect((await deps.db.select().from(purchases).where(eq(purchases.id, pass.id)))[0]).toMatchObject({ amountRefunded: 4900 });
    expect(await validateLicense(deps, { key: passLicense?.key ?? '' })).toMatchObject({
      ok: true,
      value: { valid: false, code: 'revoked', license: { reason: 'refunded' } },
    });
    expect(await validateLicense(deps, { key: packLicense?.key ?? '' })).toMatchObject({ ok: true, value: { code: 'valid' } });
    expect(await licenseHooks()).toEqual(['license.issued', 'license.issued', 'license.revoked']);
    const [revoked] = await deps.db.select().from(outbox).where(eq(outbox.type, 'license.revoked'));
    expect(revoked?.payload).toMatchObject({ license: { purchaseId: pass.id, status: 'revoked', reason: 'refunded' }, previousStatus: 'active' });

    // The year pass's own end: expired (were it not revoked); the pack never expires.
    deps.clock.advance(366 * DAY_MS);
    expect(await validateLicense(deps, { key: packLicense?.key ?? '' })).toMatchObject({ ok: true, value: { code: 'valid' } });
  });

  it('a refund delivered before the purchase it refunds: the purchase is fetched, and no license is ever active', async () => {
    const { deps } = bed;
    const pack = unwrap(await createPurchaseCheckout(deps, { customer: 'user_r', product: 'agent-pack', ...urls }));
    await payOnHostedPage(pack);
    const session = await deps.stripe.checkout.sessions.retrieve(pack.id);
    await deps.stripe.refunds.create({
      payment_intent: typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? ''),
    });
    const fresh = await createTestDatabase();
    try {
      const handler = createWebhookHandler({ ...deps, db: fresh.db }, { secret: TEST_SECRET });
      const refund = bed.events.filter((e) => e.type === 'charge.refunded');
      expect(refund).toHaveLength(1);
      for (const event of [...refund, ...bed.events]) expect(await deliver(handler, deps, event)).toBe(200);
      expect((await fresh.db.select().from(purchases))[0]).toMatchObject({ id: pack.id, status: 'complete', amountRefunded: 999 });
      expect(await fresh.db.select().from(licenses)).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('a year pass expires at its end, with its hook', async () => {
    const { deps } = bed;
    const pass = unwrap(await createPurchaseCheckout(deps, { customer: 'user_y', product: 'year-pass', ...urls }));
    await payOnHostedPage(pass);
    await bed.deliverNew();
    const [license] = await deps.db.select().from(licenses);
    deps.clock.advance(365 * DAY_MS);
    expect(await validateLicense(deps, { key: license?.key ?? '' })).toMatchObject({ ok: true, value: { valid: false, code: 'expired' } });
    // The workers' sweeper (a tick is what its timer runs) writes it, with its hook, once.
    const sweeper = startLicenseSweeper(deps);
    try {
      expect(await sweeper.tick()).toEqual({ suspended: 0, expired: 1 });
      expect(await sweeper.tick()).toEqual({ suspended: 0, expired: 0 });
    } finally {
      await sweeper.stop();
    }
    expect(await sweepLicenses(deps)).toEqual({ suspended: 0, expired: 0 });
    expect(await licenseHooks()).toEqual(['license.issued', 'license.expired']);
  });
});
