import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../testing/free-port.ts';
import { fillCheckoutPage } from 'stripe-emulator';

const CHROMIUM = '/usr/bin/chromium';
const BIN = fileURLToPath(new URL('../../../../bin/tollgate.mjs', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../../../../../../test-artifacts/demo', import.meta.url));
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const VISA = '4242 4242 4242 4242';
const DECLINED = '4000 0000 0000 0002';

/** `tollgate dev` as a newcomer runs it: no config, no DATABASE_URL (PGlite), its own emulator; resolves its demo URL. */
async function startDev(cwd: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'dev', '--port', '0', '--emulator-port', String(await freePort())], {
    cwd,
    env: { ...process.env, INIT_CWD: cwd, DATABASE_URL: '', TOLLGATE_API_KEY: '', TOLLGATE_WORKERS: '0' },
    stdio: 'pipe',
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('Press Ctrl-C')) resolve(/^Demo\s+(\S+)/m.exec(stdout)?.[1]?.replace(/\/$/, '') ?? '');
    });
    child.once('exit', (code) => reject(new Error(`dev exited early (${code}): ${stderr}`)));
  });
  return { child, url };
}

/** Screenshots at desktop and phone widths, numbered in flow order. */
function screenshots() {
  mkdirSync(ARTIFACTS, { recursive: true });
  let n = 0;
  return async (page: Page, name: string): Promise<void> => {
    n += 1;
    // The page as it settles: every read answered, nothing still loading.
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.locator('[aria-busy=true], .tollgate-history:has-text("Loading")').count(), { timeout: 30_000 }).toBe(0);
    const base = join(ARTIFACTS, `${String(n).padStart(2, '0')}-${name}`);
    await page.screenshot({ path: `${base}-desktop.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${base}-phone.png`, fullPage: true });
    await page.setViewportSize(DESKTOP);
  };
}

const payWithCard = (page: Page, card: string) => fillCheckoutPage(page, { card, email: 'demo@example.com', name: 'Demo User' });

/** The demo page `npm run dev` serves, on @tollgate/react, driven in Chromium through the whole billing flow. */
describe.skipIf(!existsSync(CHROMIUM))('tollgate dev demo page in Chromium', () => {
  let dir: string;
  let dev: { child: ChildProcess; url: string };
  let browser: Browser;
  let page: Page;
  const shot = screenshots();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-demo-'));
    dev = await startDev(dir);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: DESKTOP });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    if (dev?.child.pid) {
      const exited = new Promise((resolve) => dev.child.once('exit', resolve));
      dev.child.kill('SIGINT');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const text = (selector: string) => page.locator(selector).first().innerText();
  // Webhooks and refreshes arrive in their own time: wait for what the page shows.
  const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });

  it('pricing -> Checkout (trial) -> the limit at the control -> portal upgrade -> scheduled downgrade -> bought once -> a declined card', async () => {
    await page.goto(`${dev.url}/`);
    await poll(() => text('.tollgate-status')).toContain('Free plan');
    await poll(() => text('.tollgate-usage')).toContain('0 of 50 messages today used');
    await shot(page, 'free');

    // Pricing -> hosted Checkout with 4242 -> back: trialing, with its end date.
    const pro = page.getByRole('listitem', { name: 'Pro' });
    await pro.getByRole('button', { name: 'Start 14-day trial' }).click();
    await page.waitForURL(/\/c\/pay\//);
    await payWithCard(page, VISA);
    await page.waitForURL(`${dev.url}/`); // the session id is consumed and dropped from the address
    await poll(() => text('[role=status].demo-note')).toBe('Thanks! Checkout is complete.');
    await poll(() => text('.tollgate-status')).toMatch(/^Pro\s+Trial\s+Trial ends \w{3} \d{1,2}, \d{4}, then \$15\.00 per month$/);
    expect(await page.locator('.tollgate-status .tollgate-badge').getAttribute('data-tone')).toBe('info');
    await poll(() => text('.tollgate-usage')).toContain('0 of 500 messages today used');
    await shot(page, 'trialing');

    // To the limit: 499 recorded through the API with the page's own token, the last one sent with the button.
    const tracked = await page.evaluate(async () => {
      const { token } = (await (await fetch('/demo/token')).json()) as { token: string };
      const res = await fetch('/api/v1/billing/track', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ feature: 'messages', amount: 499 }),
      });
      return res.status;
    });
    expect(tracked).toBe(200);
    const send = page.getByRole('button', { name: 'Send a message' });
    await send.click();
    await poll(() => text('.tollgate-usage')).toContain('500 of 500 messages today used');
    await send.click();
    const refusal = page.locator('.demo-composer .tollgate-limit[role=alert]');
    await poll(() => refusal.innerText()).toMatch(/^Daily message limit reached\. Resets .+ Upgrade for more$/);
    expect(await send.getAttribute('aria-describedby')).toBe(await refusal.getAttribute('id'));
    expect(await page.locator('.tollgate-usage-meter[data-state=exhausted]').count()).toBe(1);
    await shot(page, 'limit-at-the-control');

    // Upgrade through the Stripe portal to Business: the limit is raised.
    await page.getByRole('button', { name: 'Manage subscription' }).click();
    await page.waitForURL(/\/p\/session\//);
    const business = await page.locator('select[name=price] option', { hasText: 'Business' }).getAttribute('value');
    await page.selectOption('select[name=price]', business ?? '');
    await page.click('button:has-text("Update plan")');
    await page.waitForURL(/notice=/);
    await page.click('a.back');
    await page.waitForURL(`${dev.url}/`);
    await poll(() => text('.tollgate-status')).toMatch(/^Business\s+Trial/);
    await poll(() => text('.tollgate-usage')).toContain('500 of 2,000 messages today used');
    await send.click();
    await poll(() => text('.tollgate-usage')).toContain('501 of 2,000 messages today used');
    expect(await page.locator('.demo-composer .tollgate-limit').count()).toBe(0);
    await shot(page, 'upgraded-in-portal');

    // A downgrade to Pro, scheduled for the period's end: shown with its date, Business until then.
    await pro.getByRole('button', { name: 'Switch to Pro' }).click();
    const scheduled = page.locator('.tollgate-status__notice[data-scheduled=plan_change]');
    await poll(() => scheduled.innerText()).toMatch(/^Changes to Pro on \w{3} \d{1,2}, \d{4}$/);
    const date = (await scheduled.innerText()).replace('Changes to Pro on ', '');
    await poll(() => pro.getByRole('button').first().innerText()).toBe(`Starts ${date}`);
    expect(await page.locator('.tollgate-status__name').innerText()).toBe('Business');
    await page.reload(); // read from the engine's mirror (the schedule), not remembered by the page
    await poll(() => page.locator('.tollgate-status__notice[data-scheduled=plan_change]').innerText()).toBe(`Changes to Pro on ${date}`);
    await shot(page, 'downgrade-scheduled');

    // The marketplace: a stale tab opened now still offers the agent after it is bought.
    const stale = await browser.newPage({ viewport: DESKTOP });
    await stale.goto(`${dev.url}/`);
    const staleCard = stale.locator('[data-agent=agt_research]');
    await staleCard.getByRole('button', { name: 'Buy Research agent' }).waitFor();

    const card = page.locator('[data-agent=agt_research]');
    await card.getByRole('button', { name: 'Buy Research agent' }).click();
    await page.waitForURL(/\/c\/pay\//);
    expect(await page.innerText('body')).toContain('Research agent');
    await payWithCard(page, VISA);
    await page.waitForURL(`${dev.url}/`);
    await poll(() => text('[role=status].demo-note')).toBe('Thanks! Your purchase is complete.');
    await poll(() => card.locator('[data-owned=true][role=status]').count()).toBe(1);
    expect(await card.getByRole('button').count()).toBe(0);
    await page.locator('#market-heading').scrollIntoViewIfNeeded();
    await shot(page, 'owned');

    // The second purchase, from the stale tab: the engine refuses it; the card catches up to Owned.
    await staleCard.getByRole('button', { name: 'Buy Research agent' }).click();
    await expect.poll(() => staleCard.locator('[role=alert]').innerText(), { timeout: 30_000 }).toBe('You already own Research agent.');
    expect(await staleCard.locator('[role=alert]').getAttribute('data-code')).toBe('already_owned');
    await expect.poll(() => staleCard.locator('[data-owned=true]').count(), { timeout: 30_000 }).toBe(1);
    expect(stale.url()).toBe(`${dev.url}/`);
    await shot(stale, 'second-purchase-refused');
    await stale.close();

    // A declined card: the hosted page says so, and nothing is owned.
    await page.locator('[data-agent=agt_sql]').getByRole('button', { name: 'Buy SQL helper' }).click();
    await page.waitForURL(/\/c\/pay\//);
    await payWithCard(page, DECLINED);
    await poll(() => page.innerText('body')).toContain('Your card was declined.');
    await shot(page, 'card-declined');
    await page.goto(`${dev.url}/`);
    await page.locator('[data-agent=agt_sql]').getByRole('button', { name: 'Buy SQL helper' }).waitFor();
    expect(await page.locator('[data-agent=agt_sql] [data-owned]').count()).toBe(0);
  }, 420_000);
});
