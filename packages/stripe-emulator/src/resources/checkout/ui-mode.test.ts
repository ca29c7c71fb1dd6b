import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../core/clock.ts';
import { planPrice } from '../../testing/fixtures.ts';
import { rejectionOf, suiteEmulator } from '../../testing/sdk.ts';

const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);
const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada', email: 'ui@example.com' };

describe('Checkout ui_mode, fields always present, and tax rates on line items', () => {
  const t = suiteEmulator({ clock: fixedClock(NOW), schedulerIntervalMs: 0 });
  let price: Stripe.Price;
  beforeAll(async () => {
    price = await planPrice(t.stripe, 'Pro', 2000);
  });

  it('defaults to hosted_page with a url, and answers the embedded and elements modes with a client secret', async () => {
    const hosted = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.example.com/ok',
    });
    expect(hosted).toMatchObject({
      ui_mode: 'hosted_page',
      client_secret: null,
      url: expect.stringContaining(`/c/pay/${hosted.id}`) as unknown,
      phone_number_collection: { enabled: false },
      tax_id_collection: { enabled: false, required: 'never' },
    });
    expect('return_url' in hosted).toBe(false);
    const explicit = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      ui_mode: 'hosted_page',
      line_items: [{ price: price.id, quantity: 1 }],
      phone_number_collection: { enabled: true },
    });
    expect(explicit).toMatchObject({ ui_mode: 'hosted_page', phone_number_collection: { enabled: true } });
    for (const mode of ['embedded_page', 'elements', 'form'] as const) {
      const session = await t.stripe.checkout.sessions.create({
        mode: 'subscription',
        ui_mode: mode,
        line_items: [{ price: price.id, quantity: 1 }],
        return_url: 'https://app.example.com/return?session_id={CHECKOUT_SESSION_ID}',
      });
      expect(session).toMatchObject({
        ui_mode: mode,
        url: null,
        client_secret: expect.stringMatching(new RegExp(`^${session.id}_secret_`)) as unknown,
        return_url: 'https://app.example.com/return?session_id={CHECKOUT_SESSION_ID}',
        redirect_on_completion: 'always',
      });
    }
    const never = await t.stripe.checkout.sessions.create({ mode: 'setup', ui_mode: 'embedded_page', redirect_on_completion: 'never', currency: 'usd' });
    expect(never).toMatchObject({ redirect_on_completion: 'never', client_secret: expect.any(String) as unknown });
  });

  it('refuses hosted (the old value) and parameters that do not fit the ui_mode, by name, keeping nothing', async () => {
    const store = t.emulator.emulator;
    const count = () => Array.from(store.db.log.collections).find((c) => c.name === 'checkout_sessions')!.size;
    const before = count();
    const base = { mode: 'subscription' as const, line_items: [{ price: price.id, quantity: 1 }] };
    expect(await rejectionOf(t.stripe.checkout.sessions.create({ ...base, ui_mode: 'hosted' as 'hosted_page' }))).toMatchObject({
      statusCode: 400,
      param: 'ui_mode',
    });
    expect(await rejectionOf(t.stripe.checkout.sessions.create({ ...base, ui_mode: 'embedded_page' }))).toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'return_url',
    });
    expect(
      await rejectionOf(
        t.stripe.checkout.sessions.create({ ...base, ui_mode: 'embedded_page', return_url: 'https://a.example.com', success_url: 'https://a.example.com' }),
      ),
    ).toMatchObject({ statusCode: 400, param: 'success_url' });
    expect(await rejectionOf(t.stripe.checkout.sessions.create({ ...base, return_url: 'https://a.example.com' }))).toMatchObject({
      statusCode: 400,
      param: 'return_url',
    });
    expect(await rejectionOf(t.stripe.checkout.sessions.create({ ...base, ui_mode: 'elements', return_url: 'not a url' }))).toMatchObject({
      statusCode: 400,
      param: 'return_url',
    });
    expect(
      await rejectionOf(t.stripe.checkout.sessions.create({ ...base, phone_number_collection: { enabled: 'maybe' as unknown as boolean } })),
    ).toMatchObject({ code: 'parameter_invalid_boolean', param: 'phone_number_collection[enabled]' });
    expect(count()).toBe(before);
  });

  it('applies line_items[][tax_rates] to the session and its subscription', async () => {
    const vat = await t.stripe.taxRates.create({ display_name: 'VAT', inclusive: false, percentage: 25 });
    const session = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1, tax_rates: [vat.id] }],
      success_url: 'https://app.example.com/ok',
    });
    expect(session).toMatchObject({ amount_subtotal: 2000, amount_total: 2500, total_details: { amount_tax: 500 } });
    const page = await fetch(session.url!);
    expect(await page.text()).toContain('data-testid="tax"');
    const paid = await fetch(session.url!, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' });
    expect(paid.status).toBe(303);
    const done = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription.latest_invoice'] });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.items.data[0]!.tax_rates?.map((r) => r.id)).toEqual([vat.id]);
    expect((sub.latest_invoice as Stripe.Invoice).total).toBe(2500);
    expect(
      await rejectionOf(
        t.stripe.checkout.sessions.create({ mode: 'subscription', line_items: [{ price: price.id, quantity: 1, tax_rates: ['txr_missing'] }] }),
      ),
    ).toMatchObject({ statusCode: 404, param: 'line_items[0][tax_rates][0]' });
  });
});
