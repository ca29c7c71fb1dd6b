import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, type Page, chromium } from 'playwright-core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillCheckoutPage } from '../fill-checkout-page.ts';
import { startTestEmulator, type TestEmulator } from '../testing/sdk.ts';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = fileURLToPath(new URL('../../../../test-artifacts/screenshots/', import.meta.url));

/** Real-browser runs of the hosted pages with Debian's Chromium; screenshots go to test-artifacts/screenshots. */
describe.skipIf(!existsSync(CHROMIUM))('hosted pages in Chromium', () => {
  let t: TestEmulator;
  let browser: Browser;
  let page: Page;
  let price: Stripe.Price;
  const shot = (name: string) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await startTestEmulator();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    price = await t.stripe.prices.create({ currency: 'usd', unit_amount: 2900, recurring: { interval: 'month' }, product_data: { name: 'Pro plan' } });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function openCheckout(email?: string): Promise<Stripe.Checkout.Session> {
    const session = await t.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      ...(email ? { customer_email: email } : {}),
      success_url: `${t.emulator.url}/c/pay/{CHECKOUT_SESSION_ID}`,
      cancel_url: `${t.emulator.url}/`,
    });
    await page.goto(session.url!);
    return session;
  }

  const fillCard = (card: string, email?: string) => fillCheckoutPage(page, { card, email, name: 'Ada Lovelace', submit: false });

  it('shows field errors, then completes a checkout with 4242 4242 4242 4242', async () => {
    const session = await openCheckout();
    await shot('checkout-page');
    await page.click('button.pay');
    await expect.poll(() => page.locator('[data-error-for="email"]').textContent()).toBe('Your email is required.');
    expect(await page.locator('[data-error-for="card_number"]').textContent()).toBe('Your card number is incomplete.');
    await shot('checkout-field-errors');
    await fillCard('4242 4242 4242 4242', 'browser@example.com');
    await Promise.all([page.waitForURL(`${t.emulator.url}/c/pay/${session.id}`), page.click('button.pay')]);
    expect(await page.textContent('h1')).toBe('Payment complete');
    await shot('checkout-complete');
    const done = await t.stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] });
    expect(done.status).toBe('complete');
    expect((done.subscription as Stripe.Subscription).status).toBe('active');
  });

  it('shows a decline for 4000 0000 0000 0002 and leaves the session open', async () => {
    const session = await openCheckout('declined@example.com');
    await fillCard('4000 0000 0000 0002');
    await page.click('button.pay');
    await expect.poll(() => page.locator('[data-testid="form-error"]').textContent()).toBe('Your card was declined.');
    await shot('checkout-declined');
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  it('approves a 3-D Secure challenge for 4000 0027 6000 3184', async () => {
    const session = await openCheckout('3ds@example.com');
    await fillCard('4000 0027 6000 3184');
    await page.click('button.pay');
    await page.waitForSelector('text=Complete authentication');
    await shot('checkout-3ds');
    await Promise.all([page.waitForURL(`${t.emulator.url}/c/pay/${session.id}`), page.click('text=Complete authentication')]);
    const done = await t.stripe.checkout.sessions.retrieve(session.id);
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid' });
  });

  it('cancels a plan in the customer portal', async () => {
    const customer = await t.stripe.customers.create({ email: 'portal@example.com', payment_method: 'pm_card_visa' });
    const pm = (await t.stripe.customers.listPaymentMethods(customer.id)).data[0]!;
    await t.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await t.stripe.prices.create({ currency: 'usd', unit_amount: 9900, recurring: { interval: 'month' }, product_data: { name: 'Business plan' } });
    const sub = await t.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const portal = await t.stripe.billingPortal.sessions.create({ customer: customer.id, return_url: `${t.emulator.url}/` });
    await page.goto(portal.url);
    await shot('portal');
    await page.click('button:has-text("Cancel plan")');
    await page.waitForSelector('text=Cancels on');
    await shot('portal-canceled');
    expect((await t.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(true);
    await page.goto(`${t.emulator.url}/`);
    await shot('index');
  });
});
