/**
 * Test support shared by the examples' tests: pays on the stripe-emulator's
 * hosted Checkout page the way a person does (the page is fetched, then its
 * form posted), and answers where the page sends the browser next.
 */
export const CARDS = {
  visa: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  /** Attaches, then every later charge fails (renewals go past_due). */
  failsLater: '4000 0000 0000 0341',
} as const;

export async function payOnHostedPage(url: string, options: { card?: string; email?: string } = {}): Promise<{ page: string; location: string }> {
  const shown = await fetch(url);
  const page = await shown.text();
  if (shown.status !== 200) throw new Error(`the hosted Checkout page answered ${shown.status}: ${page.slice(0, 300)}`);
  const form = new URLSearchParams({ card_number: options.card ?? CARDS.visa, card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' });
  if (options.email !== undefined) form.set('email', options.email);
  const paid = await fetch(url, { method: 'POST', body: form, redirect: 'manual' });
  const location = paid.headers.get('location');
  if (paid.status !== 303 || location === null) throw new Error(`paying on the hosted page answered ${paid.status}: ${(await paid.text()).slice(0, 300)}`);
  return { page, location };
}
