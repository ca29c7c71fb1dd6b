import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../core/lib/result.ts';
import { pushConfig } from '../../../commands/push/push.ts';
import { listen, type Listening } from '../listen.ts';
import { createTestApp, type TestApp } from '../app.test-support.ts';
import { mountDemo } from './mount.ts';

const CHROMIUM = '/usr/bin/chromium';

/** The newcomer's path in a real browser: pricing table -> hosted checkout (emulator) -> back -> usage meter. */
describe.skipIf(!existsSync(CHROMIUM))('dev demo in Chromium', () => {
  let t: TestApp;
  let server: Listening;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    t = await createTestApp({ deps: { stripe: true } });
    unwrap(await pushConfig(t.deps, { apply: true }));
    server = await listen(mountDemo(t.app, t.deps).fetch, { port: 0 });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await browser.newPage();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  it('subscribes to Pro through hosted checkout and counts a message on the usage meter', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.textContent('#subscription')).toBe('Free plan (no subscription).');
    await expect.poll(() => page.textContent('#usage')).toContain('messages: 0 / 50');
    await page.click('button[data-plan="pro"]');
    await page.waitForSelector('#card_number');
    if ((await page.locator('#email').count()) > 0) await page.fill('#email', 'demo@example.com'); // absent once the customer exists
    await page.fill('#card_number', '4242 4242 4242 4242');
    await page.fill('#card_expiry', '12 / 34');
    await page.fill('#card_cvc', '123');
    await page.fill('#name', 'Demo User');
    await Promise.all([page.waitForURL(`${server.url}/`), page.click('button.pay')]);
    await expect.poll(() => page.textContent('#notice')).toBe('Thanks! Your subscription is active.');
    await expect.poll(() => page.textContent('#subscription')).toMatch(/^pro - trialing, \$15\.00\/month/); // the default pro plan has a trial
    await expect.poll(() => page.textContent('#usage')).toContain('messages: 0 / 500');
    await page.click('#consume');
    await expect.poll(() => page.textContent('#usage')).toContain('messages: 1 / 500');
    // A subscriber changes plan in place rather than starting a second checkout.
    expect(await page.isHidden('button[data-plan="pro"]')).toBe(true);
    await page.click('button[data-plan="business"]');
    await expect.poll(() => page.textContent('#subscription')).toMatch(/^business - /);
    await expect.poll(() => page.textContent('#notice')).toBe('Switched to Business.');
    await expect.poll(() => page.textContent('#usage')).toContain('messages: 1 / 2000');
  }, 120_000);
});
