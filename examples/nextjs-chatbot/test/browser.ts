import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { fillCheckoutPage } from 'stripe-emulator';

/** Debian's Chromium (never a downloaded browser), as the other browser tests launch it. */
export const CHROMIUM = '/usr/bin/chromium';

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
}

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

/** Screenshots of the page as it is, at desktop and phone widths, into test-artifacts/<folder>/. */
export function screenshots(root: string, folder: string) {
  const dir = join(root, 'test-artifacts', folder);
  mkdirSync(dir, { recursive: true });
  let n = 0;
  return async (page: Page, name: string): Promise<void> => {
    n += 1;
    const base = `${String(n).padStart(2, '0')}-${name}`;
    await page.screenshot({ path: join(dir, `${base}-desktop.png`), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(dir, `${base}-phone.png`), fullPage: true });
    await page.setViewportSize(DESKTOP);
  };
}

/** Pays on the stripe-emulator's hosted Checkout page with a card, as a person does. */
export const payWithCard = (page: Page, card: string) => fillCheckoutPage(page, { card, email: 'ada@example.com', name: 'Ada Lovelace' });
