// @vitest-environment node
import '../testing/dom.ts';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TollgateProvider } from '../provider.tsx';
import { BASE_URL, suiteEngine } from '../testing/engine.ts';
import { engineWrapper } from '../testing/render.tsx';
import { useConsume } from './use-consume.ts';
import { useSubscription } from './use-subscription.ts';
import { useEntitlement, useUsage } from './use-usage.ts';

describe('hooks against a real engine app', { timeout: 30_000 }, () => {
  const engine = suiteEngine();
  afterEach(cleanup);

  const wrapperFor = (customer: string) => engineWrapper(engine, customer);

  it('useSubscription loads null for a customer on the default plan', async () => {
    const { result } = renderHook(() => useSubscription(), { wrapper: wrapperFor('h_sub') });
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current).toMatchObject({ data: null, error: undefined });
  });

  it('useConsume records usage and every useUsage / useEntitlement reader refreshes', async () => {
    const { result } = renderHook(() => ({ usage: useUsage(), messages: useEntitlement('messages'), consume: useConsume('messages') }), {
      wrapper: wrapperFor('h_consume'),
    });
    await waitFor(() => expect(result.current.usage.data?.features.find((f) => f.feature === 'messages')?.used).toBe(0));
    expect(result.current.messages.data).toMatchObject({ allowed: true, remaining: 50 });

    let consumed: Awaited<ReturnType<typeof result.current.consume.consume>>;
    await act(async () => {
      consumed = await result.current.consume.consume({ amount: 3, idempotencyKey: 'h_1' });
    });
    expect(consumed).toMatchObject({ used: 3, remaining: 47, event: { amount: 3, duplicate: false } });
    await waitFor(() => expect(result.current.usage.data?.features.find((f) => f.feature === 'messages')?.used).toBe(3));
    await waitFor(() => expect(result.current.messages.data?.remaining).toBe(47));
  });

  it('useConsume surfaces limit_reached with resets_at, and refresh re-reads', async () => {
    const { result } = renderHook(() => ({ usage: useUsage(), consume: useConsume('messages') }), { wrapper: wrapperFor('h_limit') });
    await waitFor(() => expect(result.current.usage.loading).toBe(false));
    await act(() => result.current.consume.consume({ amount: 50 }));
    let refused: unknown = 'not called';
    await act(async () => {
      refused = await result.current.consume.consume();
    });
    expect(refused).toBeUndefined();
    expect(result.current.consume.error).toMatchObject({ code: 'limit_reached', details: { resets_at: '2026-01-16T00:00:00.000Z' } });
    expect(result.current.consume.data?.used).toBe(50); // the last success is kept
    await waitFor(() => expect(result.current.usage.data?.features.find((f) => f.feature === 'messages')).toMatchObject({ used: 50, remaining: 0 }));

    engine.deps.clock.advance(24 * 3600_000); // the daily window resets
    await act(() => result.current.usage.refresh());
    expect(result.current.usage.data?.features.find((f) => f.feature === 'messages')).toMatchObject({ used: 0, remaining: 50 });
  });

  it('useEntitlement answers for a boolean feature the plan lacks, and errors carry the code', async () => {
    const { result } = renderHook(() => ({ analytics: useEntitlement('analytics'), unknown: useConsume('teleport') }), { wrapper: wrapperFor('h_bool') });
    await waitFor(() => expect(result.current.analytics.loading).toBe(false));
    expect(result.current.analytics.data).toMatchObject({ allowed: false, code: 'feature_not_in_plan', plan: 'free' });
    await act(() => result.current.unknown.consume());
    expect(result.current.unknown.error).toMatchObject({ code: 'feature_not_found', status: 404 });
  });

  it('useEntitlement follows its feature and drops a late answer for the old one', async () => {
    // The real engine answers; the check for "messages" is only held back a little.
    const slowMessages = async (url: string, init: RequestInit) => {
      if (typeof init.body === 'string' && init.body.includes('"messages"')) await new Promise((resolve) => setTimeout(resolve, 150));
      return engine.fetch(url, init);
    };
    const { result, rerender } = renderHook(({ feature }) => useEntitlement(feature), {
      initialProps: { feature: 'messages' },
      wrapper: ({ children }) => (
        <TollgateProvider baseUrl={BASE_URL} getToken={() => engine.tokenFor('h_switch')} fetch={slowMessages}>
          {children}
        </TollgateProvider>
      ),
    });
    rerender({ feature: 'analytics' });
    await waitFor(() => expect(result.current.data?.feature).toBe('analytics'));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the "messages" answer has arrived by now
    expect(result.current.data?.feature).toBe('analytics');
    expect(result.current.loading).toBe(false);
  });
});
