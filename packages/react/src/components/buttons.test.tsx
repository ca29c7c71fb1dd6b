// @vitest-environment node
import '../testing/dom.ts';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useConsume } from '../hooks/use-consume.ts';
import { TollgateProvider } from '../provider.tsx';
import { BASE_URL, suiteEngine } from '../testing/engine.ts';
import { renderWithEngine } from '../testing/render.tsx';
import { CheckoutButton } from './CheckoutButton.tsx';
import { ManageBillingButton } from './ManageBillingButton.tsx';
import { UsageMeters } from './UsageMeters.tsx';

function SendMessage() {
  const { consume, error } = useConsume('messages');
  return (
    <>
      <button type="button" onClick={() => void consume({ amount: 10 })}>
        Send
      </button>
      {error ? <p>{error.code}</p> : null}
    </>
  );
}

describe('buttons and meters against a real engine app and the stripe-emulator', { timeout: 60_000 }, () => {
  const engine = suiteEngine({ stripe: true });
  afterEach(cleanup);

  it("CheckoutButton creates a session with only the customer's choices and redirects; a refused field shows its message", async () => {
    const view = renderWithEngine(
      <>
        <CheckoutButton plan="pro" interval="month" successUrl="https://app.example/ok" cancelUrl="https://app.example/no">
          Upgrade
        </CheckoutButton>
        <CheckoutButton plan="pro" seats={3} successUrl="https://app.example/ok" cancelUrl="https://app.example/no">
          Three seats
        </CheckoutButton>
      </>,
      engine,
      'b_checkout',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Upgrade' }));
    await waitFor(() => expect(view.navigations).toHaveLength(1));
    const id = /(cs_[A-Za-z0-9_]+)$/.exec(view.navigations[0] ?? '')?.[1] ?? '';
    const session = await engine.deps.stripe.checkout.sessions.retrieve(id);
    // The plan's trial (first-time subscriber) and no promotion switch: the config decided, not the browser.
    expect(session.metadata).toMatchObject({ tollgate_plan: 'pro', tollgate_external_id: 'b_checkout' });
    expect(session.allow_promotion_codes).toBeFalsy();

    fireEvent.click(screen.getByRole('button', { name: 'Three seats' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/not priced per seat/);
    expect(alert.getAttribute('data-code')).toBe('validation_failed');
    expect(view.navigations).toHaveLength(1);
  });

  it('ManageBillingButton opens the portal for a customer, and says why not for one who never bought', async () => {
    await engine.subscribe('b_portal', 'pro');
    const view = renderWithEngine(<ManageBillingButton returnUrl="https://app.example/billing" />, engine, 'b_portal');
    fireEvent.click(screen.getByRole('button', { name: 'Manage billing' }));
    await waitFor(() => expect(view.navigations).toHaveLength(1));
    expect(view.navigations[0]).toMatch(/^http/);
    cleanup();

    const never = renderWithEngine(<ManageBillingButton returnUrl="https://app.example/billing">Billing</ManageBillingButton>, engine, 'b_never');
    fireEvent.click(screen.getByRole('button', { name: 'Billing' }));
    expect((await screen.findByRole('alert')).getAttribute('data-code')).toBe('customer_not_found');
    expect(never.navigations).toEqual([]);
  });

  it('UsageMeters shows each metered feature and moves when usage is consumed', async () => {
    renderWithEngine(
      <>
        <UsageMeters labels={{ messages: 'messages', agents: 'agents' }} />
        <SendMessage />
      </>,
      engine,
      'b_meter',
    );
    expect(screen.getByRole('status').textContent).toBe('Loading usage…');
    expect(await screen.findByText('0 of 50 messages used')).toBeTruthy();
    expect(screen.getByText('0 of 1 agents used')).toBeTruthy();
    expect(screen.getByText(/^Resets /)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('10 of 50 messages used')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'messages' }).getAttribute('aria-valuenow')).toBe('10');
  });

  it('UsageMeters shows only the features asked for, and the API error when the token is refused', async () => {
    await engine.subscribe('b_big', 'pro');
    renderWithEngine(<UsageMeters features={['messages']} />, engine, 'b_big');
    expect(await screen.findByText('0 of 500 messages used')).toBeTruthy();
    expect(screen.queryByText(/agents/)).toBeNull();
    cleanup();

    render(
      <TollgateProvider baseUrl={BASE_URL} getToken={() => 'tg_ct_forged.sig'} fetch={engine.fetch}>
        <UsageMeters />
      </TollgateProvider>,
    );
    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('unauthenticated');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });
});
