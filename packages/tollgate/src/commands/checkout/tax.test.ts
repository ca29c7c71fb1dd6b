import { beforeEach, describe, expect, it } from 'vitest';
import type { TollgateConfig } from '../../core/config/types.ts';
import { computeMrr } from '../../reads/metrics/compute-mrr.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../push/push.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { createCheckout } from './create.ts';
import { syncCheckoutSession } from './sync.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };
const urls = { successUrl: 'https://app.test/ok', cancelUrl: 'https://app.test/no' };
const config: TollgateConfig = {
  currency: 'eur',
  features: { reports: { type: 'boolean' } },
  plans: { free: { name: 'Free', default: true, features: { reports: false } }, pro: { name: 'Pro', prices: { monthly: 1500 }, features: { reports: true } } },
  tax: { automatic: true },
};

describe(`automatic tax at checkout (emulator, ${testDriver()})`, () => {
  const deps = perTest(() => createTestDeps({ config }));
  beforeEach(async () => {
    unwrap(await pushConfig(deps, { apply: true }));
  });

  it('asks for the address, taxes the invoice (19% in DE), saves the address, and leaves tax out of MRR', async () => {
    const session = unwrap(await createCheckout(deps, { customer: 'gmbh_1', plan: 'pro', ...urls }));
    expect(await deps.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      automatic_tax: { enabled: true },
      billing_address_collection: 'required',
      tax_id_collection: { enabled: true },
    });
    // Without the address the hosted page refuses to take the payment.
    const missing = await fetch(session.url, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' });
    expect(missing.status).toBe(400);
    const address = { address_country: 'DE', address_postal_code: '10115' };
    const badVat = await fetch(session.url, { method: 'POST', body: new URLSearchParams({ ...CARD, ...address, tax_id: 'XX12' }), redirect: 'manual' });
    expect(badVat.status).toBe(400);
    expect(await badVat.text()).toContain('This VAT number is invalid');
    const paid = await fetch(session.url, { method: 'POST', body: new URLSearchParams({ ...CARD, ...address, tax_id: 'DE 123456789' }), redirect: 'manual' });
    expect(paid.status).toBe(303);
    const synced = unwrap(await syncCheckoutSession(deps, session.id, { customer: 'gmbh_1' }));
    const sub = await deps.stripe.subscriptions.retrieve(synced.subscription?.id ?? '', { expand: ['latest_invoice', 'customer'] });
    expect(sub.automatic_tax.enabled).toBe(true);
    expect(sub.latest_invoice).toMatchObject({ subtotal: 1500, total: 1785, amount_due: 1785, total_taxes: [{ amount: 285 }] });
    expect(sub.customer).toMatchObject({ address: { country: 'DE', postal_code: '10115' } });
    const taxIds = await deps.stripe.customers.listTaxIds(synced.subscription?.stripeCustomerId ?? '');
    expect(taxIds.data.map((t) => [t.type, t.value])).toEqual([['eu_vat', 'DE123456789']]);
    expect(await computeMrr(deps)).toEqual([{ currency: 'eur', mrr: 1500, arr: 18_000, subscriptions: 1 }]);
  });
});
