// @vitest-environment node
import '../testing/dom.ts';
import { cleanup, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { defineConfig } from 'tollgate';
import { afterEach, describe, expect, it } from 'vitest';
import { TollgateProvider } from '../provider.tsx';
import { BASE_URL, suiteEngine } from '../testing/engine.ts';
import { usePlans } from './use-plans.ts';

const config = defineConfig({
  currency: 'eur',
  features: { exports: { type: 'metered', unit: 'export', reset: 'month' } },
  plans: {
    hobby: { name: 'Hobby', default: true, features: { exports: 10 } },
    studio: { name: 'Studio', prices: { monthly: 1900, yearly: 19000 }, trialDays: 30, features: { exports: { included: 100, overage: { amount: 25 } } } },
    old: { name: 'Old', hidden: true, prices: { monthly: 900 }, features: {} },
  },
});

describe('usePlans against a real engine app', { timeout: 60_000 }, () => {
  const engine = suiteEngine({ config });
  afterEach(cleanup);

  it("reads the engine's catalogue without asking for a customer token", async () => {
    let tokenCalls = 0;
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TollgateProvider baseUrl={BASE_URL} getToken={() => (tokenCalls++, Promise.reject(new Error('signed out')))} fetch={engine.fetch}>
        {children}
      </TollgateProvider>
    );
    const { result } = renderHook(() => usePlans(), { wrapper });
    await waitFor(() => expect(result.current.data).toBeDefined());
    expect(result.current.error).toBeUndefined();
    expect(result.current.data?.currency).toBe('eur');
    expect(result.current.data?.data.map((p) => p.key)).toEqual(['hobby', 'studio']);
    expect(result.current.data?.data[1]).toMatchObject({
      trial_days: 30,
      prices: [
        { interval: 'month', amount: 1900, currency: 'eur' },
        { interval: 'year', amount: 19000, currency: 'eur' },
      ],
      features: [{ feature: 'exports', limit: 100, overage: { amount: 25, per: 1, currency: 'eur' } }],
    });
    expect(tokenCalls).toBe(0);
    expect(engine.requests.filter((r) => r.path === '/api/v1/billing/plans').map((r) => r.status)).toEqual([200]);
  });
});
