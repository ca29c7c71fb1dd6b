// @vitest-environment node
import '../testing/dom.ts';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { defineConfig, grantCredits, unwrap } from 'tollgate';
import { afterEach, describe, expect, it } from 'vitest';
import { useConsume } from '../hooks/use-consume.ts';
import { suiteEngine } from '../testing/engine.ts';
import { renderWithEngine } from '../testing/render.tsx';
import { BuyCreditsButton } from './BuyCreditsButton.tsx';
import { CreditBalance } from './CreditBalance.tsx';

const config = defineConfig({
  currency: 'usd',
  features: { agent_run: { type: 'metered', reset: 'month' }, messages: { type: 'metered', reset: 'day' } },
  plans: { free: { name: 'Free', default: true, features: { agent_run: true, messages: 50 } } },
  credits: {
    credits: {
      unit: 'credit',
      costs: { agent_run: 2.5 },
      packs: { starter: { credits: 500, price: 500 }, team: { credits: 2500, price: 2000 } },
    },
  },
});

function RunAgent() {
  const { consume, error } = useConsume('agent_run');
  return (
    <>
      <button type="button" onClick={() => void consume()}>
        Run agent
      </button>
      {error ? <p>{error.code}</p> : null}
    </>
  );
}

describe('credits in React against a real engine app and the stripe-emulator', { timeout: 60_000 }, () => {
  const engine = suiteEngine({ config, stripe: true });
  const bodies: unknown[] = [];
  afterEach(cleanup);

  it('useCredits shows the balance and refreshes after a consume; a refused consume shows insufficient_credits', async () => {
    unwrap(await grantCredits(engine.deps, { customer: 'c_balance', amount: 5, expiresAt: '2099-01-01T00:00:00Z' }));
    renderWithEngine(
      <>
        <CreditBalance showGrants />
        <RunAgent />
      </>,
      engine,
      'c_balance',
    );
    expect(await screen.findByText('5 credits')).toBeTruthy();
    expect(screen.getByText('5 credits promotional, expires 1/1/2099')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Run agent' }));
    expect(await screen.findByText('2.5 credits')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Run agent' }));
    expect(await screen.findByText('0 credits')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Run agent' }));
    expect(await screen.findByText('insufficient_credits')).toBeTruthy();
  });

  it('BuyCreditsButton sends only a pack key; the price comes from the config and the browser cannot send an amount', async () => {
    const recordingFetch: typeof engine.fetch = async (url, init) => {
      if (typeof init.body === 'string') bodies.push(JSON.parse(init.body));
      return engine.fetch(url, init);
    };
    const view = renderWithEngine(
      <BuyCreditsButton pack="team" successUrl="https://app.example/credits?ok=1" cancelUrl="https://app.example/credits">
        Buy 2,500 credits
      </BuyCreditsButton>,
      { ...engine, fetch: recordingFetch },
      'c_buyer',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Buy 2,500 credits' }));
    await waitFor(() => expect(view.navigations).toHaveLength(1));
    expect(bodies).toEqual([{ pack: 'team', success_url: 'https://app.example/credits?ok=1', cancel_url: 'https://app.example/credits' }]);
    const id = /(cs_[A-Za-z0-9_]+)$/.exec(view.navigations[0] ?? '')?.[1] ?? '';
    expect(await engine.deps.stripe.checkout.sessions.retrieve(id)).toMatchObject({ amount_total: 2000, metadata: { tollgate_credits_pack: 'team' } });
    // A forged request from the browser with an amount is refused by the engine.
    const token = await engine.tokenFor('c_buyer');
    const forged = await engine.fetch('http://tollgate.test/api/v1/billing/credits/purchase', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ pack: 'team', custom_amount: 1, success_url: 'https://a.example/', cancel_url: 'https://a.example/' }),
    });
    expect(forged.status).toBe(403);
  });

  it('shows a refusal beside the button for a pack the config does not sell', async () => {
    renderWithEngine(<BuyCreditsButton pack="huge" successUrl="https://app.example/ok" cancelUrl="https://app.example/no" />, engine, 'c_unknown');
    fireEvent.click(screen.getByRole('button', { name: 'Buy credits' }));
    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('validation_failed');
    expect(alert.textContent).toMatch(/No pack "huge"/);
  });
});
