// @vitest-environment node
import '../testing/dom.ts';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { defaultConfig } from 'tollgate';
import { afterEach, describe, expect, it } from 'vitest';
import { useCheckoutSync } from '../hooks/use-checkout-sync.ts';
import { BASE_URL, suiteEngine } from '../testing/engine.ts';
import { renderWithEngine } from '../testing/render.tsx';
import { PricingTable } from './PricingTable.tsx';

const urls = { successUrl: 'https://app.example/billing?session_id={CHECKOUT_SESSION_ID}', cancelUrl: 'https://app.example/pricing' };
const plan = (name: string) => screen.getByRole('listitem', { name });

/** Pays on the emulator's hosted Checkout page, as a person would; returns where it sends the browser. */
async function pay(url: string): Promise<string> {
  const card = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };
  const res = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams(card).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  if (res.status !== 303) throw new Error(`checkout page answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return res.headers.get('location') ?? '';
}

function SuccessPage({ sessionId }: { sessionId: string | null }) {
  const sync = useCheckoutSync(sessionId);
  return (
    <>
      <p>{sync.data ? `checkout ${sync.data.status ?? 'unknown'}` : sync.loading ? 'confirming' : ''}</p>
      {sync.error ? <p role="alert">{sync.error.code}</p> : null}
      <PricingTable plans={defaultConfig.plans} {...urls} />
    </>
  );
}

describe('pricing table -> hosted Checkout -> success page, against a real engine app and the stripe-emulator', { timeout: 60_000 }, () => {
  const engine = suiteEngine({ stripe: true });
  afterEach(cleanup);

  it('shows the new plan on the success page before any webhook arrives', async () => {
    const pricing = renderWithEngine(<PricingTable plans={defaultConfig.plans} {...urls} />, engine, 'f_ada');
    await waitFor(() => expect(plan('Free').getAttribute('aria-current')).toBe('true'));
    fireEvent.click(within(plan('Pro')).getByRole('button', { name: 'Start 14-day trial' }));
    await waitFor(() => expect(pricing.navigations).toHaveLength(1));
    const back = new URL(await pay(pricing.navigations[0] ?? ''));
    const sessionId = back.searchParams.get('session_id');
    expect(sessionId).toMatch(/^cs_/);
    cleanup();

    // No webhook is delivered in this test: only the success page's sync can show the plan.
    const before: unknown = await (
      await engine.fetch(`${BASE_URL}/api/v1/billing/subscription`, { headers: { authorization: `Bearer ${await engine.tokenFor('f_ada')}` } })
    ).json();
    expect(before).toEqual({ subscription: null });
    renderWithEngine(<SuccessPage sessionId={sessionId} />, engine, 'f_ada');
    expect(await screen.findByText('checkout complete')).toBeTruthy();
    await waitFor(() => expect(plan('Pro').getAttribute('aria-current')).toBe('true'));
    expect(within(plan('Business')).getByRole('button', { name: 'Switch to Business' })).toBeTruthy();
    cleanup();

    // Another customer's token cannot claim Ada's session.
    renderWithEngine(<SuccessPage sessionId={sessionId} />, engine, 'f_eve');
    expect((await screen.findByRole('alert')).textContent).toBe('not_found');
    await waitFor(() => expect(plan('Free').getAttribute('aria-current')).toBe('true'));
  });

  it('does nothing without a session id', async () => {
    const syncs = () => engine.requests.filter((r) => r.path.endsWith('/checkout/sync')).length;
    const before = syncs();
    renderWithEngine(<SuccessPage sessionId={null} />, engine, 'f_none');
    await waitFor(() => expect(plan('Free').getAttribute('aria-current')).toBe('true'));
    expect(syncs()).toBe(before);
    expect(screen.queryByText(/confirming|checkout/)).toBeNull();
  });
});
