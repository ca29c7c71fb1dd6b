import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type RunningEmulator, startEmulator } from 'stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, DESKTOP, launch, payWithCard, screenshots } from './browser.ts';
import { APP_DIR, buildApp, type NextServer, reservePort, startApp } from './next-server.ts';

const VISA = '4242 4242 4242 4242';
const DECLINED = '4000 0000 0000 0002';
const shot = screenshots(join(APP_DIR, '..', '..'), 'nextjs-chatbot');

/** Seed 004's chatbot, built with `next build` and run with `next start` against the stripe-emulator, driven in Chromium. */
describe.skipIf(!existsSync(CHROMIUM))('nextjs-chatbot in Chromium', () => {
  let emulator: RunningEmulator;
  let app: NextServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await buildApp();
    emulator = await startEmulator({ port: 0 });
    const { port, url } = await reservePort();
    const endpoint = await emulator.stripe.webhookEndpoints.create({ url: `${url}/api/webhooks/stripe`, enabled_events: ['*'] });
    app = await startApp(port, {
      STRIPE_SECRET_KEY: 'sk_test_chatbot',
      STRIPE_API_BASE: emulator.url,
      STRIPE_WEBHOOK_SECRET: endpoint.secret ?? '',
      // The engine's database: PGlite in the server process unless the run names a Postgres database.
      DATABASE_URL: process.env.CHATBOT_DATABASE_URL ?? '',
    });
    browser = await launch();
    page = await browser.newPage({ viewport: DESKTOP });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await emulator?.close();
  });

  const text = (selector: string) => page.locator(selector).first().innerText();
  // Webhooks and refreshes arrive in their own time: wait for what the page shows, up to 20 s.
  const poll = <T>(read: () => Promise<T>, options: { timeout?: number } = {}) => expect.poll(read, { timeout: options.timeout ?? 20_000 });

  it('pricing -> Checkout (trial) -> the daily limit at the send button -> portal upgrade -> marketplace purchase, owned once -> a declined card', async () => {
    await page.goto(`${app.url}/`);
    await page.waitForURL(`${app.url}/signin`);
    await page.fill('#user', 'ada');
    await Promise.all([page.waitForURL(`${app.url}/`), page.click('button[type=submit]')]);
    await poll(() => text('.tollgate-status')).toContain('Free plan');
    await poll(() => text('.tollgate-usage')).toContain('0 of 50 messages today used');
    await shot(page, 'chat-free');

    // Agents against the plan's gauge: Free allows one.
    await page.click('nav >> text=Agents');
    const create = async (name: string) => {
      await page.fill('#agent-name', name);
      await page.click('button:has-text("Create agent")');
    };
    await create('Travel planner');
    await page.getByText('Travel planner').waitFor();
    await create('Tutor');
    await poll(() => text('main [role=alert]')).toBe('Agent limit reached: your plan allows 1.');
    await poll(() => text('.tollgate-usage')).toContain('1 of 1 agents used');
    await shot(page, 'agents-limit');
    await page.getByRole('button', { name: 'Delete Travel planner' }).click();
    await poll(() => text('.tollgate-usage')).toContain('0 of 1 agents used');
    await create('Tutor');
    await page.getByRole('button', { name: 'Delete Tutor' }).waitFor();
    expect(await page.locator('main [role=alert]').count()).toBe(0);

    // Pricing -> hosted Checkout with 4242 -> back on /billing, trialing with its end date.
    await page.click('nav >> text=Pricing');
    const pro = page.getByRole('listitem', { name: 'Pro' });
    await pro.getByRole('button', { name: 'Start 14-day trial' }).waitFor();
    await shot(page, 'pricing');
    await pro.getByRole('button', { name: 'Start 14-day trial' }).click();
    await page.waitForURL(/\/c\/pay\//);
    await shot(page, 'checkout');
    await payWithCard(page, VISA);
    await page.waitForURL(/\/billing\?session_id=cs_/);
    await poll(() => text('[role=status].note')).toBe('Thanks! Checkout is complete.');
    await poll(() => text('.tollgate-status')).toMatch(/^Pro\s+Trial\s+Trial ends \w{3} \d{1,2}, \d{4}, then \$15\.00 per month/);
    await poll(() => text('.tollgate-usage')).toContain('0 of 500 messages today used');
    await shot(page, 'billing-trialing');

    // Up to the limit: 498 recorded through the engine's API with the page's own token, then the last two sent in the chat.
    const tracked = await page.evaluate(async () => {
      const { token } = (await (await fetch('/api/token', { method: 'POST' })).json()) as { token: string };
      const res = await fetch('/api/v1/billing/track', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ feature: 'messages', amount: 498 }),
      });
      return res.status;
    });
    expect(tracked).toBe(200);
    await page.click('nav >> text=Chat');
    for (const message of ['Hello', 'What can you do?']) {
      await page.fill('#message', message);
      await page.click('.composer button');
      await page.getByText(`You said: ${message}`).waitFor();
    }
    await poll(() => text('.tollgate-usage')).toContain('500 of 500 messages today used');
    await page.fill('#message', 'One more');
    await page.click('.composer button');
    const refusal = page.locator('.chat .tollgate-limit[role=alert]');
    await poll(() => refusal.innerText()).toMatch(/^Daily message limit reached Resets 12:00 AM UTC\. Upgrade for more$/);
    expect(await page.locator('.composer button').getAttribute('aria-describedby')).toBe(await refusal.getAttribute('id'));
    expect(await page.locator('.tollgate-usage-meter[data-state=exhausted]').count()).toBe(1);
    await shot(page, 'chat-limit-reached');

    // Upgrade through the Stripe portal: Business; back in the app the limit is 2,000.
    await page.click('nav >> text=Billing');
    await page.getByRole('button', { name: 'Manage subscription' }).click();
    await page.waitForURL(/\/p\/session\//);
    const business = await page.locator('select[name=price] option', { hasText: 'Business' }).getAttribute('value');
    await page.selectOption('select[name=price]', business ?? '');
    await page.click('button:has-text("Update plan")');
    await page.waitForURL(/notice=/);
    await shot(page, 'portal-upgraded');
    await page.click('a.back');
    await page.waitForURL(`${app.url}/billing`);
    await poll(() => text('.tollgate-status'), { timeout: 20_000 }).toMatch(/^Business\s+/);
    await poll(() => text('.tollgate-usage')).toContain('500 of 2,000 messages today used');
    await page.click('nav >> text=Chat');
    await page.fill('#message', 'Back again');
    await page.click('.composer button');
    await page.getByText('You said: Back again').waitFor();
    expect(await page.locator('.chat .tollgate-limit').count()).toBe(0);
    await page.click('nav >> text=Billing');
    await poll(() => text('.tollgate-history__summary')).toMatch(/^501 messages in the last 30 days/);
    await shot(page, 'billing-business');

    // Marketplace: a stale tab opened now still offers the agent after it is bought.
    const stale = await browser.newPage({ viewport: DESKTOP });
    await stale.context().addCookies(await page.context().cookies());
    await stale.goto(`${app.url}/marketplace`);
    const staleCard = stale.locator('[data-agent=agt_research]');
    await staleCard.getByRole('button', { name: 'Buy Research assistant' }).waitFor();

    await page.click('nav >> text=Marketplace');
    const card = page.locator('[data-agent=agt_research]');
    await card.getByRole('button', { name: 'Buy Research assistant' }).click();
    await page.waitForURL(/\/c\/pay\//);
    expect(await page.innerText('body')).toContain('Research assistant');
    await payWithCard(page, VISA);
    await page.waitForURL(/\/marketplace\?session_id=cs_/);
    await poll(() => card.locator('[data-owned=true][role=status]').count()).toBe(1);
    expect(await card.locator('[data-owned=true]').innerText()).toMatch(/Owned$/);
    expect(await card.getByRole('button').count()).toBe(0);
    await shot(page, 'marketplace-owned');

    await staleCard.getByRole('button', { name: 'Buy Research assistant' }).click();
    await poll(() => staleCard.locator('[role=alert]').innerText()).toBe('You already own Research assistant.');
    await poll(() => staleCard.locator('[data-owned=true]').count()).toBe(1); // the stale tab catches up, the refusal stays
    expect(stale.url()).toBe(`${app.url}/marketplace`);
    await shot(stale, 'marketplace-second-purchase-refused');
    await stale.close();

    // A declined card: the hosted page says so and nothing is owned.
    const sql = page.locator('[data-agent=agt_sql]');
    await sql.getByRole('button', { name: 'Buy SQL helper' }).click();
    await page.waitForURL(/\/c\/pay\//);
    await payWithCard(page, DECLINED);
    await poll(() => page.innerText('body')).toContain('Your card was declined.');
    await shot(page, 'checkout-declined');
    await page.goto(`${app.url}/marketplace`);
    await page.locator('[data-agent=agt_sql]').getByRole('button', { name: 'Buy SQL helper' }).waitFor();
    expect(await page.locator('[data-agent=agt_sql] [data-owned]').count()).toBe(0);
  }, 300_000);
});
