import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { createPurchaseCheckout } from '../../commands/checkout/create-purchase.ts';
import { defaultConfig } from '../../core/config/default-config.ts';
import { purchases } from '../../core/db/schema/purchases.ts';
import { payOnHostedPage } from '../../licenses/fixtures.test-support.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../../commands/push/push.ts';
import { createWebhookTestbed } from '../../stripe-in/webhooks/test-support.ts';
import { ownsPurchase } from './owns.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const urls = { successUrl: 'https://app.example.com/thanks', cancelUrl: 'https://app.example.com/no' };
const config = { ...defaultConfig, products: { template: { name: 'Agent template', price: 900 } } };
const agent = (id: string) => ({ amount: { amount: 1200, currency: 'usd', name: `Agent ${id}` }, metadata: { agent_id: id } });

describe('ownsPurchase: what a customer owns, from the purchases mirror', () => {
  const bed = perTest(() => createWebhookTestbed({ config }));
  beforeEach(async () => {
    unwrap(await pushConfig(bed.deps, { apply: true }));
  });

  it('owned once paid (by product or by the metadata the app set), not by others, not while unpaid, not after a full refund', async () => {
    const { deps } = bed;
    const open = unwrap(await createPurchaseCheckout(deps, { customer: 'buyer', ...agent('agt_1'), ...urls }));
    await bed.deliverNew();
    expect(unwrap(await ownsPurchase(deps, { customer: 'buyer', metadata: { agent_id: 'agt_1' } }))).toEqual({ owned: false, purchase: null });

    await payOnHostedPage(open);
    const template = unwrap(await createPurchaseCheckout(deps, { customer: 'buyer', product: 'template', ...urls }));
    await payOnHostedPage(template);
    await bed.deliverNew();
    const owned = unwrap(await ownsPurchase(deps, { customer: 'buyer', metadata: { agent_id: 'agt_1' } }));
    expect(owned).toMatchObject({
      owned: true,
      purchase: { id: open.id, productKey: null, amountTotal: 1200, currency: 'usd', metadata: { agent_id: 'agt_1' } },
    });
    expect(unwrap(await ownsPurchase(deps, { customer: 'buyer', product: 'template' }))).toMatchObject({ owned: true, purchase: { id: template.id } });
    expect(unwrap(await ownsPurchase(deps, { customer: 'buyer', metadata: { agent_id: 'agt_2' } })).owned).toBe(false);
    expect(unwrap(await ownsPurchase(deps, { customer: 'someone_else', metadata: { agent_id: 'agt_1' } })).owned).toBe(false);

    // A partial refund keeps it; the rest refunded takes it away.
    const [row] = await deps.db.select().from(purchases).where(eq(purchases.id, open.id));
    await deps.stripe.refunds.create({ payment_intent: row?.paymentIntentId ?? '', amount: 200 });
    await bed.deliverNew();
    expect(unwrap(await ownsPurchase(deps, { customer: 'buyer', metadata: { agent_id: 'agt_1' } })).owned).toBe(true);
    await deps.stripe.refunds.create({ payment_intent: row?.paymentIntentId ?? '' });
    await bed.deliverNew();
    expect(unwrap(await ownsPurchase(deps, { customer: 'buyer', metadata: { agent_id: 'agt_1' } })).owned).toBe(false);
    expect(unwrap(await ownsPurchase(deps, { customer: 'buyer', product: 'template' })).owned).toBe(true);
  });

  it('refuses a question without exactly one subject, naming the field', async () => {
    const { deps } = bed;
    expect(await ownsPurchase(deps, { customer: 'buyer' } as never)).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'product' } });
    expect(await ownsPurchase(deps, { customer: '', product: 'x' })).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'customer' } });
    expect(await ownsPurchase(deps, { customer: 'b', metadata: {} })).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'metadata' } });
    expect(await ownsPurchase(deps, { customer: 'b', metadata: { agent_id: 'a\u0000' } })).toMatchObject({ ok: false, error: { param: 'metadata.agent_id' } });
  });
});
