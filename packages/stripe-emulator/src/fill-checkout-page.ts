/**
 * The few calls of a browser page `fillCheckoutPage` makes; a Playwright
 * `Page` has them (the emulator does not depend on any browser library).
 */
export interface CheckoutBrowserPage {
  waitForSelector(selector: string): Promise<unknown>;
  locator(selector: string): { count(): Promise<number> };
  fill(selector: string, value: string): Promise<void>;
  click(selector: string): Promise<void>;
}

export interface FillCheckoutPageOptions {
  /** A test card number (default `4242 4242 4242 4242`; `4000 0000 0000 0002` declines, `4000 0027 6000 3184` asks for 3-D Secure). */
  card?: string;
  /** Typed when the page asks for an email (default `jenny.rosen@example.com`). */
  email?: string;
  /** The cardholder (default `Jenny Rosen`). */
  name?: string;
  /** Press Pay once the form is filled (default true). */
  submit?: boolean;
}

/**
 * Fills the emulator's hosted Checkout page in a real browser, as a person
 * does (the email when the page asks for one, the card, its expiry, CVC and
 * holder), then presses Pay: for a test of an app's own pages that sends its
 * customer to Checkout. `completeCheckout` pays the same page without a browser.
 */
export async function fillCheckoutPage(page: CheckoutBrowserPage, options: FillCheckoutPageOptions = {}): Promise<void> {
  await page.waitForSelector('#card_number');
  if ((await page.locator('#email').count()) > 0) await page.fill('#email', options.email ?? 'jenny.rosen@example.com');
  await page.fill('#card_number', options.card ?? '4242 4242 4242 4242');
  await page.fill('#card_expiry', '12 / 34');
  await page.fill('#card_cvc', '123');
  await page.fill('#name', options.name ?? 'Jenny Rosen');
  if (options.submit !== false) await page.click('button.pay');
}
