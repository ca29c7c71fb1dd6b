// @vitest-environment node
import '../testing/dom.ts';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { defaultConfig } from 'tollgate';
import { afterEach, describe, expect, it } from 'vitest';
import { suiteEngine } from '../testing/engine.ts';
import { renderWithEngine } from '../testing/render.tsx';
import { PricingTable } from './PricingTable.tsx';

const urls = { successUrl: 'https://app.example/billing?ok=1', cancelUrl: 'https://app.example/pricing' };
const plan = (name: string) => screen.getByRole('listitem', { name });

describe('PricingTable against a real engine app and the stripe-emulator', { timeout: 60_000 }, () => {
  const engine = suiteEngine({ stripe: true });
  afterEach(cleanup);

  it('marks the default plan current, toggles yearly prices and offers Contact sales for custom plans', async () => {
    renderWithEngine(<PricingTable plans={defaultConfig.plans} contactSalesUrl="mailto:sales@app.example" {...urls} />, engine, 'p_new');
    await waitFor(() => expect(plan('Free').getAttribute('aria-current')).toBe('true'));
    expect(within(plan('Free')).getByRole('button', { name: 'Current plan' })).toHaveProperty('disabled', true);
    expect(within(plan('Pro')).getByText('$15.00 per month')).toBeTruthy();
    expect(within(plan('Pro')).getByText('500 messages a day')).toBeTruthy();
    expect(plan('Pro').getAttribute('aria-current')).toBeNull();

    fireEvent.click(screen.getByRole('radio', { name: 'Yearly' }));
    expect(within(plan('Pro')).getByText('$150.00 per year')).toBeTruthy();
    expect(within(plan('Business')).getByText('$49.00 per month')).toBeTruthy(); // no yearly price: stays monthly
    expect(within(plan('Enterprise')).getByText('Custom pricing')).toBeTruthy();
    expect(within(plan('Enterprise')).getByRole('link', { name: 'Contact sales' }).getAttribute('href')).toBe('mailto:sales@app.example');
  });

  it('starts a real Checkout Session for the chosen plan and interval and redirects to it', async () => {
    const view = renderWithEngine(<PricingTable plans={defaultConfig.plans} defaultInterval="year" {...urls} />, engine, 'p_buyer');
    await waitFor(() => expect(plan('Free').getAttribute('aria-current')).toBe('true'));
    fireEvent.click(within(plan('Pro')).getByRole('button', { name: 'Start 14-day trial' }));
    await waitFor(() => expect(view.navigations).toHaveLength(1));
    const sessionId = /\/(cs_[A-Za-z0-9_]+)$/.exec(view.navigations[0] ?? '')?.[1] ?? '';
    const session = await engine.deps.stripe.checkout.sessions.retrieve(sessionId, { expand: ['line_items'] });
    expect(session).toMatchObject({ mode: 'subscription', success_url: urls.successUrl, cancel_url: urls.cancelUrl });
    expect(session.line_items?.data[0]?.price?.lookup_key).toBe('tollgate:plan:pro:year');
  });

  it("marks a subscriber's plan and switches plans in place (no second checkout)", async () => {
    await engine.subscribe('p_sub', 'pro');
    const view = renderWithEngine(<PricingTable plans={defaultConfig.plans} {...urls} />, engine, 'p_sub');
    await waitFor(() => expect(plan('Pro').getAttribute('aria-current')).toBe('true'));
    expect(plan('Free').getAttribute('aria-current')).toBeNull();
    expect(within(plan('Free')).queryByRole('button')).toBeNull();
    fireEvent.click(within(plan('Business')).getByRole('button', { name: 'Switch to Business' }));
    await waitFor(() => expect(plan('Business').getAttribute('aria-current')).toBe('true'), { timeout: 20_000 });
    expect(view.navigations).toEqual([]);
    const current = engine.requests.filter((r) => r.path.endsWith('/subscription/change'));
    expect(current.map((r) => r.status)).toEqual([200]);
  });

  it('lets a monthly subscriber move their own plan to yearly billing', async () => {
    await engine.subscribe('p_yearly', 'pro');
    renderWithEngine(<PricingTable plans={defaultConfig.plans} {...urls} />, engine, 'p_yearly');
    await waitFor(() => expect(within(plan('Pro')).getByRole('button', { name: 'Current plan' })).toBeTruthy());
    fireEvent.click(screen.getByRole('radio', { name: 'Yearly' }));
    fireEvent.click(within(plan('Pro')).getByRole('button', { name: 'Switch to yearly billing' }));
    await waitFor(() => expect(within(plan('Pro')).getByRole('button', { name: 'Current plan' })).toBeTruthy(), { timeout: 20_000 });
    expect(plan('Pro').getAttribute('aria-current')).toBe('true');
    fireEvent.click(screen.getByRole('radio', { name: 'Monthly' }));
    expect(within(plan('Pro')).getByRole('button', { name: 'Switch to monthly billing' })).toBeTruthy();
  });

  it('shows a refusal from the engine beside the button', async () => {
    const plans = { ...defaultConfig.plans, platinum: { name: 'Platinum', prices: { monthly: 9900 }, features: {} } };
    renderWithEngine(<PricingTable plans={plans} {...urls} />, engine, 'p_refused');
    await waitFor(() => expect(plan('Free').getAttribute('aria-current')).toBe('true'));
    fireEvent.click(within(plan('Platinum')).getByRole('button', { name: 'Choose Platinum' }));
    const alert = await within(plan('Platinum')).findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('plan_not_found');
  });
});

describe('PricingTable amounts', { timeout: 60_000 }, () => {
  const engine = suiteEngine();
  afterEach(cleanup);

  it('formats zero-decimal currencies and per-seat prices, hides hidden plans, and has no toggle without yearly prices', async () => {
    const plans = {
      starter: { name: 'Starter', prices: { monthly: 1500 }, features: {} },
      team: { name: 'Team', prices: { monthly: 980 }, perSeat: true, features: {} },
      legacy: { name: 'Legacy', prices: { monthly: 500 }, hidden: true, features: {} },
    };
    renderWithEngine(<PricingTable plans={plans} currency="jpy" {...urls} />, engine, 'p_jpy');
    expect(within(plan('Starter')).getByText('¥1,500 per month')).toBeTruthy();
    expect(within(plan('Team')).getByText('¥980 per seat per month')).toBeTruthy();
    expect(screen.queryByRole('listitem', { name: 'Legacy' })).toBeNull();
    expect(screen.queryByRole('radio')).toBeNull();
    await waitFor(() => expect(engine.requests.some((r) => r.path.endsWith('/subscription'))).toBe(true));
  });
});

describe('PricingTable without a plans prop', { timeout: 60_000 }, () => {
  const engine = suiteEngine();
  afterEach(cleanup);

  it("shows the plans the engine serves (GET plans), in the engine's currency", async () => {
    // The catalogue's currency wins over the prop: amounts and currency come from one place.
    renderWithEngine(<PricingTable currency="jpy" {...urls} />, engine, 'p_catalogue');
    expect(screen.getByText('Loading plans…')).toBeTruthy();
    await waitFor(() => expect(plan('Free').getAttribute('aria-current')).toBe('true'));
    expect(
      screen
        .getAllByRole('listitem')
        .filter((li) => li.classList.contains('tollgate-plan'))
        .map((li) => li.querySelector('h3')?.textContent),
    ).toEqual(['Free', 'Pro', 'Business', 'Enterprise']);
    expect(within(plan('Pro')).getByText('$15.00 per month')).toBeTruthy();
    expect(within(plan('Pro')).getByText('500 messages a day')).toBeTruthy();
    expect(within(plan('Pro')).getByRole('button', { name: 'Start 14-day trial' })).toBeTruthy();
    expect(within(plan('Enterprise')).getByText('Custom pricing')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Yearly' }));
    expect(within(plan('Pro')).getByText('$150.00 per year')).toBeTruthy();
    expect(engine.requests.some((r) => r.path === '/api/v1/billing/plans' && r.status === 200)).toBe(true);
  });
});
