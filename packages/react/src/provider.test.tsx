// @vitest-environment node
import './testing/dom.ts';
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { useUsage } from './hooks/use-usage.ts';
import { TollgateProvider } from './provider.tsx';
import { BASE_URL, suiteEngine } from './testing/engine.ts';

describe('TollgateProvider', { timeout: 30_000 }, () => {
  const engine = suiteEngine();
  afterEach(cleanup);

  it('keeps one client across re-renders with inline getToken and fetch (no refetch loop)', async () => {
    let rerender: () => void = () => undefined;
    function Meter() {
      const { data } = useUsage();
      return <p>{data ? `plan ${data.plan ?? 'none'}` : 'loading'}</p>;
    }
    function App() {
      const [n, setN] = useState(0);
      rerender = () => setN(n + 1);
      return (
        <TollgateProvider baseUrl={BASE_URL} getToken={() => engine.tokenFor('v_inline')} fetch={(url, init) => engine.fetch(url, init)}>
          <Meter />
        </TollgateProvider>
      );
    }
    const before = engine.requests.length;
    render(<App />);
    expect(await screen.findByText('plan free')).toBeTruthy();
    act(() => rerender());
    act(() => rerender());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(engine.requests.length - before).toBe(1);
  });

  it('refuses hooks outside a provider with a clear message', () => {
    expect(() => renderHook(() => useUsage())).toThrow('inside <TollgateProvider>');
  });
});
