// @vitest-environment node
import '../testing/dom.ts';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { defaultConfig, track, unwrap } from 'tollgate';
import { afterEach, describe, expect, it } from 'vitest';
import { useCheckoutSync } from '../hooks/use-checkout-sync.ts';
import { useConsume } from '../hooks/use-consume.ts';
import { suiteEngine } from '../testing/engine.ts';
import { renderWithEngine } from '../testing/render.tsx';
import { LimitMessage } from './LimitMessage.tsx';
import { PurchaseButton } from './PurchaseButton.tsx';
import { UsageDisplay } from './UsageDisplay.tsx';
import { UsageHistoryChart } from './UsageHistoryChart.tsx';

const config = { ...defaultConfig, products: { template: { name: 'Research agent template', price: 900 } } };
const DAY_MS = 86_400_000;

function Send() {
  const { consume, error } = useConsume('messages');
  return (
    <div data-testid="composer">
      <button type="button" aria-describedby="send-limit" onClick={() => void consume({ amount: 25 })}>
        Send
      </button>
      <LimitMessage id="send-limit" error={error} message="Daily message limit reached." upgradeHref="/pricing" />
    </div>
  );
}

/** The button once enabled (it waits for the ownership answer). */
async function enabled(name: string): Promise<HTMLElement> {
  const button = await screen.findByRole('button', { name });
  await waitFor(() => expect(button).toHaveProperty('disabled', false));
  return button;
}

async function pay(url: string): Promise<string> {
  const card = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams(card), redirect: 'manual' });
  if (res.status !== 303) throw new Error(`checkout page answered ${res.status}`);
  return res.headers.get('location') ?? '';
}

function Bought({ sessionId }: { sessionId: string | null }) {
  useCheckoutSync(sessionId);
  return (
    <PurchaseButton
      owns={{ product: 'template' }}
      product="template"
      successUrl="https://app.example/market?session_id={CHECKOUT_SESSION_ID}"
      cancelUrl="https://app.example/market"
    >
      Buy template
    </PurchaseButton>
  );
}

describe('seed 004 components against a real engine app and the stripe-emulator', { timeout: 60_000 }, () => {
  const engine = suiteEngine({ stripe: true, config });
  afterEach(cleanup);

  it('shows the limit at the control that hit it, and the usage panel marks the limit reached', async () => {
    renderWithEngine(
      <>
        <UsageDisplay labels={{ messages: 'messages today', agents: 'agents' }} />
        <Send />
      </>,
      engine,
      'u_limit',
    );
    expect(await screen.findByText('0 of 50 messages today used')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('25 of 50 messages today used');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Limit reached');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const alert = await within(screen.getByTestId('composer')).findByRole('alert');
    expect(alert.id).toBe('send-limit');
    expect(alert.getAttribute('data-code')).toBe('limit_reached');
    expect(alert.textContent).toMatch(/^Daily message limit reached\. Resets 12:00 AM UTC\. Upgrade for more$/);
    expect(within(alert).getByRole('link', { name: 'Upgrade for more' }).getAttribute('href')).toBe('/pricing');
    const bar = screen.getByRole('progressbar', { name: 'messages today' });
    expect(bar.getAttribute('aria-valuetext')).toBe('50 of 50, limit reached');
    expect(bar.closest('[data-state]')?.getAttribute('data-state')).toBe('exhausted');
  });

  it('charts messages per day over the last 30 days from the ledger', async () => {
    const now = engine.deps.clock.now().getTime();
    for (const [daysAgo, amount] of [
      [0, 4],
      [2, 9],
      [29, 1],
      [31, 7],
    ] as const) {
      unwrap(
        await track(engine.deps, {
          customer: 'u_chart',
          feature: 'messages',
          amount,
          timestamp: new Date(now - daysAgo * DAY_MS).toISOString(),
          idempotencyKey: `k${daysAgo}`,
        }),
      );
    }
    const { container } = renderWithEngine(<UsageHistoryChart feature="messages" title="Messages per day" unit="messages" />, engine, 'u_chart');
    expect(await screen.findByText(/^14 messages in the last 30 days; most on /)).toBeTruthy();
    expect(screen.getByRole('img', { name: /Messages per day 14 messages/ })).toBeTruthy();
    const bars = [...container.querySelectorAll('rect')];
    expect(bars).toHaveLength(30);
    expect(bars.map((b) => Number(b.getAttribute('data-used')))).toEqual([1, ...Array<number>(26).fill(0), 9, 0, 4]);
    expect(Number(bars[27]?.getAttribute('height'))).toBeGreaterThan(Number(bars[29]?.getAttribute('height')));
  });

  it('PurchaseButton buys a config product through hosted Checkout, then shows Owned', async () => {
    const view = renderWithEngine(<Bought sessionId={null} />, engine, 'u_buyer');
    fireEvent.click(await enabled('Buy template'));
    await waitFor(() => expect(view.navigations).toHaveLength(1));
    const back = new URL(await pay(view.navigations[0] ?? ''));
    cleanup();
    renderWithEngine(<Bought sessionId={back.searchParams.get('session_id')} />, engine, 'u_buyer');
    expect((await screen.findByRole('status')).textContent).toBe('✓Owned');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('PurchaseButton in a stale view: the engine refuses the second purchase (409 already_owned), the refusal is shown beside Owned', async () => {
    const stale = renderWithEngine(<Bought sessionId={null} />, engine, 'u_twice');
    const button = await enabled('Buy template');
    // Bought meanwhile in another tab, and synced by the success page there.
    const other = renderWithEngine(<Bought sessionId={null} />, engine, 'u_twice');
    const otherButton = within(other.container).getByRole('button', { name: 'Buy template' });
    await waitFor(() => expect(otherButton).toHaveProperty('disabled', false));
    fireEvent.click(otherButton);
    await waitFor(() => expect(other.navigations).toHaveLength(1));
    const back = new URL(await pay(other.navigations[0] ?? ''));
    other.unmount();
    const synced = renderWithEngine(<Bought sessionId={back.searchParams.get('session_id')} />, engine, 'u_twice');
    await within(synced.container).findByRole('status');
    synced.unmount();

    fireEvent.click(button);
    const alert = await within(stale.container).findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('already_owned');
    expect(alert.textContent).toBe('You already own Research agent template.');
    expect((await within(stale.container).findByRole('status')).textContent).toBe('✓Owned');
    expect(stale.navigations).toEqual([]);
  });

  it("PurchaseButton runs the app's action and shows its refusal beside the button", async () => {
    const view = renderWithEngine(
      <PurchaseButton
        owns={{ metadataKey: 'agent_id', metadataValue: 'agt_9' }}
        action={() => Promise.resolve({ error: { code: 'already_owned', message: 'You already own this agent.' } })}
      >
        Buy agent
      </PurchaseButton>,
      engine,
      'u_action',
    );
    fireEvent.click(await enabled('Buy agent'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('You already own this agent.');
    expect(alert.getAttribute('data-code')).toBe('already_owned');
    expect(view.navigations).toEqual([]);
  });
});
