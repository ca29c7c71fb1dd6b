/** The emulator's test card, as a buyer types it on the hosted Checkout page. */
export const TEST_CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };

/** Pays a Checkout Session on the emulator's hosted page, as a buyer's browser posts the form (a 303 to the success URL). */
export async function payOnHostedPage(session: { url: string | null }, email = 'buyer@example.com'): Promise<void> {
  if (!session.url) throw new Error('the session has no url');
  const response = await fetch(session.url, {
    method: 'POST',
    body: new URLSearchParams({ email, ...TEST_CARD }),
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (response.status !== 303) throw new Error(`the hosted page answered ${response.status}: ${await response.text()}`);
}
