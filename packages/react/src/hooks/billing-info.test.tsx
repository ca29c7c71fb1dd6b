// @vitest-environment node
import '../testing/dom.ts';
import { cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { suiteEngine } from '../testing/engine.ts';
import { engineWrapper } from '../testing/render.tsx';
import { useInvoices, usePaymentMethods } from './use-billing-info.ts';
import { useSubscription } from './use-subscription.ts';

describe('billing info hooks against a real engine app and the stripe-emulator', { timeout: 60_000 }, () => {
  const engine = suiteEngine({ stripe: true });
  afterEach(cleanup);

  const wrapperFor = (customer: string) => engineWrapper(engine, customer);

  it("reads a subscriber's subscription, invoices and cards", async () => {
    await engine.subscribe('i_paid', 'pro');
    const { result } = renderHook(() => ({ subscription: useSubscription(), invoices: useInvoices({ limit: 5 }), cards: usePaymentMethods() }), {
      wrapper: wrapperFor('i_paid'),
    });
    await waitFor(() => expect(result.current.cards.data).toBeDefined());
    await waitFor(() => expect(result.current.invoices.data).toBeDefined());
    await waitFor(() => expect(result.current.subscription.data).toBeDefined());
    expect(result.current.subscription.data).toMatchObject({ plan_key: 'pro', status: 'active', amount: 1500, currency: 'usd', amount_formatted: '$15.00' });
    expect(result.current.cards.data?.map((c) => [c.last4, c.is_default])).toEqual([['4242', true]]);
    expect(result.current.invoices.data).toHaveLength(1);
    expect(result.current.invoices.data?.[0]).toMatchObject({ currency: 'usd', total: 1500, total_formatted: '$15.00' });
  });

  it('reads empty lists for a customer who never bought', async () => {
    const { result } = renderHook(() => ({ invoices: useInvoices(), cards: usePaymentMethods() }), { wrapper: wrapperFor('i_never') });
    await waitFor(() => expect(result.current.invoices.loading || result.current.cards.loading).toBe(false));
    expect(result.current.invoices.data).toEqual([]);
    expect(result.current.cards.data).toEqual([]);
  });
});
