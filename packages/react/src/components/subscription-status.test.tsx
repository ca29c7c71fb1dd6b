// @vitest-environment node
import '../testing/dom.ts';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { applyStripeObject, defaultConfig, getOrCreateCustomer, unwrap } from 'tollgate';
import { afterEach, describe, expect, it } from 'vitest';
import { suiteEngine, type TestEngine } from '../testing/engine.ts';
import { renderWithEngine } from '../testing/render.tsx';
import { PricingTable } from './PricingTable.tsx';
import { SubscriptionStatus } from './SubscriptionStatus.tsx';

const urls = { successUrl: 'https://app.example/billing', cancelUrl: 'https://app.example/pricing' };
const DAY = 86_400;

/** A Pro subscription in its 14-day trial, made in the emulator and mirrored as its webhook would be. */
async function startTrial(engine: TestEngine, externalId: string): Promise<number> {
  const { deps } = engine;
  const { customer } = unwrap(await getOrCreateCustomer(deps, { externalId }));
  const [price] = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:pro:month'] })).data;
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const subscription = await deps.stripe.subscriptions.create({
    customer: customer.stripeCustomerId,
    items: [{ price: price?.id ?? '' }],
    trial_end: now + 14 * DAY,
  });
  await applyStripeObject(deps, subscription);
  return now + 14 * DAY;
}

const day = (unix: number) => new Date(unix * 1000).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

describe('SubscriptionStatus against a real engine app and the stripe-emulator', { timeout: 60_000 }, () => {
  const engine = suiteEngine({ stripe: true });
  afterEach(cleanup);

  it('shows a trial as a trial, with its end date and the price after it', async () => {
    const trialEnd = await startTrial(engine, 's_trial');
    renderWithEngine(<SubscriptionStatus />, engine, 's_trial');
    expect(await screen.findByText('Trial')).toBeTruthy();
    expect(screen.getByText('Pro')).toBeTruthy(); // the catalogue's name, not the key
    expect(screen.getByText(`Trial ends ${day(trialEnd)}, then $15.00 per month`)).toBeTruthy();
    expect(screen.queryByText('Active')).toBeNull();
  });

  it('shows the free plan without a subscription', async () => {
    renderWithEngine(<SubscriptionStatus freeLabel="Free: 50 messages a day" />, engine, 's_free');
    expect(await screen.findByText('Free: 50 messages a day')).toBeTruthy();
  });

  it('shows a downgrade made in the pricing table as scheduled, with its date, in the status and on the plan', async () => {
    await engine.subscribe('s_down', 'business');
    renderWithEngine(
      <>
        <SubscriptionStatus />
        <PricingTable plans={defaultConfig.plans} {...urls} />
      </>,
      engine,
      's_down',
    );
    expect(await screen.findByText('Active')).toBeTruthy();
    const pro = screen.getByRole('listitem', { name: 'Pro' });
    await waitFor(() => expect(within(pro).getByRole('button', { name: 'Switch to Pro' })).toBeTruthy());
    fireEvent.click(within(pro).getByRole('button', { name: 'Switch to Pro' }));
    const notice = await screen.findByText(/^Changes to Pro on /, undefined, { timeout: 20_000 });
    const periodEnd = (await engine.deps.stripe.subscriptions.list({ limit: 1 })).data[0]?.items.data[0]?.current_period_end ?? 0;
    expect(notice.textContent).toBe(`Changes to Pro on ${day(periodEnd)}`);
    expect(document.querySelector('.tollgate-status__name')?.textContent).toBe('Business'); // still Business until then
    expect(within(pro).getByRole('button', { name: `Starts ${day(periodEnd)}` })).toHaveProperty('disabled', true);
  });

  it("shows a downgrade scheduled outside this page (the portal, a subscription schedule) from the engine's read", async () => {
    const { deps } = engine;
    await engine.subscribe('s_portal', 'business');
    const [sub] = (await deps.stripe.subscriptions.list({ limit: 1 })).data;
    const periodEnd = sub?.items.data[0]?.current_period_end ?? 0;
    const [pro] = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:pro:month'] })).data;
    const schedule = await deps.stripe.subscriptionSchedules.create({ from_subscription: sub?.id ?? '' });
    const updated = await deps.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { items: [{ price: sub?.items.data[0]?.price.id ?? '', quantity: 1 }], start_date: schedule.current_phase?.start_date ?? 0, end_date: periodEnd },
        { items: [{ price: pro?.id ?? '', quantity: 1 }], duration: { interval: 'month', interval_count: 1 } },
      ],
    });
    await applyStripeObject(deps, updated); // as its subscription_schedule.updated webhook would
    renderWithEngine(
      <>
        <SubscriptionStatus />
        <PricingTable plans={defaultConfig.plans} {...urls} />
      </>,
      engine,
      's_portal',
    );
    const notice = await screen.findByText(/^Changes to Pro on /);
    expect(notice.textContent).toBe(`Changes to Pro on ${day(periodEnd)}`);
    expect(notice.getAttribute('data-scheduled')).toBe('plan_change');
    expect(screen.getByText('Active')).toBeTruthy();
    const proCard = screen.getByRole('listitem', { name: 'Pro' });
    await waitFor(() => expect(within(proCard).getByRole('button', { name: `Starts ${day(periodEnd)}` })).toHaveProperty('disabled', true));
  });

  it('shows a cancel at period end as a scheduled change to the free plan; a canceled trial promises no price after it', async () => {
    const { deps } = engine;
    await engine.subscribe('s_cancel', 'business');
    const [sub] = (await deps.stripe.subscriptions.list({ limit: 1 })).data;
    const periodEnd = sub?.items.data[0]?.current_period_end ?? 0;
    await applyStripeObject(deps, await deps.stripe.subscriptions.update(sub?.id ?? '', { cancel_at_period_end: true }));
    renderWithEngine(<SubscriptionStatus />, engine, 's_cancel');
    const notice = await screen.findByText(/^Changes to Free on /);
    expect(notice.textContent).toBe(`Changes to Free on ${day(periodEnd)}`);
    expect(notice.getAttribute('data-scheduled')).toBe('cancel');
    expect(screen.getByText('Canceling').getAttribute('data-tone')).toBe('warning');
    expect(screen.getByText(`$49.00 per month until ${day(periodEnd)}`)).toBeTruthy();
    cleanup();

    const trialEnd = await startTrial(engine, 's_trial_cancel');
    const [trial] = (await deps.stripe.subscriptions.list({ limit: 1 })).data;
    await applyStripeObject(deps, await deps.stripe.subscriptions.update(trial?.id ?? '', { cancel_at_period_end: true }));
    renderWithEngine(<SubscriptionStatus />, engine, 's_trial_cancel');
    expect(await screen.findByText(`Trial ends ${day(trialEnd)}`)).toBeTruthy();
    expect(screen.getByText('Trial')).toBeTruthy();
    expect(screen.getByText(`Changes to Free on ${day(trialEnd)}`)).toBeTruthy();
  });
});
