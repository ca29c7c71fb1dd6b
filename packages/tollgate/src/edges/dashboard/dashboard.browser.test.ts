import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type Stripe from 'stripe';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config/default-config.ts';
import { defineConfig } from '../../core/config/types.ts';
import { unwrap } from '../../core/lib/result.ts';
import { issueLicense } from '../../licenses/issue.ts';
import { getCustomerRecord } from '../../reads/operator/list.ts';
import { pushConfig } from '../../commands/push/push.ts';
import { listen, type Listening } from '../server/listen.ts';
import { createTestApp, type TestApp } from '../server/app.test-support.ts';
import { createWebhookHandler } from '../../stripe-in/webhooks/handler.ts';
import { deliver, recordEvents, TEST_SECRET } from '../../stripe-in/webhooks/test-support.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '../../../../../test-artifacts/dashboard');

/** The default config with a credit system (priced on a feature of its own), so the customer page can grant credits. */
const config = defineConfig({
  ...defaultConfig,
  features: { ...defaultConfig.features, images: { type: 'metered', name: 'Images', unit: 'image', reset: 'month' } },
  credits: { credits: { name: 'Credits', unit: 'credit', costs: { images: 5 } } },
});

/**
 * The operator's path in a real browser: sign in (a wrong key refused), watch
 * MRR move after a hosted checkout, find the customer, cancel and resume,
 * change plan after its prorated preview, grant credits, revoke a license,
 * replay an event; at desktop and phone widths, with no console error.
 */
describe.skipIf(!existsSync(CHROMIUM))('operator dashboard in Chromium', () => {
  let t: TestApp;
  let server: Listening;
  let browser: Browser;
  let page: Page;
  let events: Stripe.Event[];
  let delivered = 0;
  const problems: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  /** The same page at a phone's width, then back at the desktop's. */
  async function phoneShot(name: string) {
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(name);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.scroll, header nav, .visually-hidden'))
        .map((e) => e.outerHTML.slice(0, 120)),
    );
    expect(wide, name).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), name).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  /** Every event the emulator emitted so far, signed, through the real webhook handler (the ledger and road 1). */
  async function deliverEvents() {
    const handler = createWebhookHandler(t.deps, { secret: TEST_SECRET });
    for (const event of events.slice(delivered)) expect(await deliver(handler, t.deps, event)).toBe(200);
    delivered = events.length;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp({ deps: { stripe: true, config } });
    unwrap(await pushConfig(t.deps, { apply: true }));
    events = recordEvents(t.deps);
    server = await listen(t.app.fetch, { port: 0 });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('401')) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  it('refuses a wrong key, then signs in and shows MRR change after a checkout on the hosted page', async () => {
    await page.goto(`${server.url}/admin/`);
    await page.fill('#key', 'tg_sk_not_a_real_key_not_a_real_key');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    await expect.poll(() => page.textContent('.error')).toContain('That key was not accepted');
    await shot('01-wrong-key');
    expect(await page.locator('#root').count()).toBe(0);

    await page.fill('#key', t.secretKey);
    await Promise.all([page.waitForURL(`${server.url}/admin/`), page.click('button[type=submit]')]);
    await expect.poll(() => page.textContent('[data-testid="mrr-usd"]')).toBe('$0.00');
    await shot('02-overview-empty');

    const created = await t.call('POST', '/api/v1/billing/checkout/session', {
      auth: t.secretKey,
      body: {
        customer: 'ada',
        plan: 'business',
        customer_email: 'ada@example.com',
        success_url: `${server.url}/admin/#/customers/ada`,
        cancel_url: `${server.url}/admin/`,
      },
    });
    expect(created.status).toBe(201);
    const { url } = (await created.json()) as { url: string };
    const checkout = await browser.newPage();
    await checkout.goto(url);
    await checkout.fill('#card_number', '4242 4242 4242 4242');
    await checkout.fill('#card_expiry', '12 / 34');
    await checkout.fill('#card_cvc', '123');
    await checkout.fill('#name', 'Ada Lovelace');
    await checkout.click('button.pay');
    await checkout.waitForLoadState('load');
    await checkout.close();
    await deliverEvents();

    await page.reload();
    await expect.poll(() => page.textContent('[data-testid="mrr-usd"]')).toBe('$49.00');
    expect(await page.locator('.chart rect.bar.new').count()).toBe(1);
    await shot('03-overview-after-checkout');
  }, 120_000);

  it('finds the customer, cancels at period end and resumes, each behind a confirmation', async () => {
    await page.click('nav a[href="#/customers"]');
    await page.fill('#customer-search', 'ada@');
    await page.press('#customer-search', 'Enter');
    await page.click('table a[href="#/customers/ada"]');
    await expect.poll(() => page.textContent('main h1')).toBe('ada');
    await expect.poll(() => page.textContent('main table')).toContain('business');
    await shot('04-customer');

    await page.click('button:text("Cancel at period end")');
    await expect.poll(() => page.textContent('dialog[open]')).toContain('then the subscription ends');
    await shot('05-confirm-cancel');
    await page.click('dialog[open] button.primary');
    await expect.poll(() => page.textContent('main table')).toContain('cancels at period end');
    // The schedule column says what happens and when: the paid plan ends at the period's end, then the free plan.
    await expect.poll(() => page.textContent('main table')).toContain('Ends on 2026-02-15 12:00, then free');
    await shot('05b-customer-canceling');
    await page.click('button:text("Resume")');
    await page.click('dialog[open] button.primary');
    await expect.poll(() => page.locator('button:text("Cancel at period end")').count()).toBe(1);
    await expect.poll(() => page.textContent('main table')).not.toContain('cancels at period end');
    await expect.poll(() => page.textContent('.timeline')).toContain('subscription.resumed');
    await shot('06-customer-resumed');
  }, 60_000);

  it('changes plan after its prorated preview, grants credits and revokes a license, each behind a confirmation', async () => {
    const ada = await getCustomerRecord(t.deps, { externalId: 'ada' });
    const license = await issueLicense(t.deps, {
      purchaseId: 'cs_dashboard_test',
      stripeCustomerId: ada?.stripeCustomerId ?? null,
      customerId: ada?.id ?? null,
      externalId: 'ada',
      planKey: 'business',
      productKey: null,
      grant: { activations: 3 },
    });
    if (!license) throw new Error('no license issued');
    await page.reload();
    await expect.poll(() => page.textContent('main')).toContain(license.id);

    await page.selectOption('#plan', 'pro');
    await page.selectOption('#plan-when', 'now');
    await page.click('button:text("Preview change")');
    await expect.poll(() => page.textContent('dialog[open]')).toContain('A downgrade now. Prorated preview');
    await shot('07-confirm-change-plan');
    await page.click('dialog[open] button.primary');
    await expect.poll(() => page.textContent('main table tbody')).toContain('pro');
    await expect.poll(() => page.textContent('main table tbody')).not.toContain('business');

    await page.fill('#grant-credits', '250');
    await page.click('button:text("Grant credits")');
    await expect.poll(() => page.textContent('dialog[open]')).toContain('250 credit');
    await page.click('dialog[open] button.primary');
    await expect.poll(() => page.textContent('main')).toContain('Credits: 250');

    await page.click(`li:has-text("${license.id}") button:text("Revoke")`);
    await expect.poll(() => page.textContent('dialog[open]')).toContain('stops working at once');
    await shot('08-confirm-revoke');
    await page.click('dialog[open] button.primary');
    await expect.poll(() => page.textContent(`li:has-text("${license.id}")`)).toContain('revoked');

    // The timeline holds the customer's Stripe events from the ledger, with hooks and MRR movements.
    await deliverEvents();
    await page.reload();
    await expect.poll(() => page.textContent('.timeline')).toContain('customer.subscription.updated');
    expect(await page.textContent('.timeline')).toContain('Stripe event');
    expect(await page.textContent('.timeline')).toContain('mrr.contraction');
    await shot('09-customer-after-actions');
    await phoneShot('10-customer-phone');
  }, 90_000);

  it('replays an event from the ledger, works at phone width, and logged no console errors', async () => {
    await page.click('nav a[href="#/events"]');
    await page.waitForSelector('main table');
    await page.locator('main table tbody tr').first().locator('button:text("Replay")').click();
    await page.click('dialog[open] button.primary');
    await expect.poll(() => page.textContent('.notice')).toMatch(/^evt_\w+: (reconciled|ignored|processed)$/);
    await shot('11-events-replayed');
    await phoneShot('12-events-phone');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('nav a[href="#/"]');
    await expect.poll(() => page.textContent('[data-testid="mrr-usd"]')).toBe('$15.00');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await shot('13-overview-phone');
    // Keyboard: on a fresh load the first Tab reaches the skip link, the next the navigation.
    await page.reload();
    await expect.poll(() => page.textContent('[data-testid="mrr-usd"]')).toBe('$15.00');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Overview');
    expect(problems).toEqual([]);
  }, 60_000);
});
