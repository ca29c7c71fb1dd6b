import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { TollgateProvider } from '../provider.tsx';
import { BASE_URL, type TestEngine } from './engine.ts';

export interface Rendered extends RenderResult {
  /** URLs the components sent the browser to. */
  navigations: string[];
  /** How many times the provider asked for a token. */
  tokenCalls: () => number;
}

/** Renders `ui` inside a TollgateProvider talking to `engine` as `customer`. */
export function renderWithEngine(ui: ReactNode, engine: TestEngine, customer: string): Rendered {
  const navigations: string[] = [];
  let calls = 0;
  const getToken = () => {
    calls += 1;
    return engine.tokenFor(customer);
  };
  const result = render(
    <TollgateProvider baseUrl={BASE_URL} getToken={getToken} fetch={engine.fetch} navigate={(url) => navigations.push(url)}>
      {ui}
    </TollgateProvider>,
  );
  return { ...result, navigations, tokenCalls: () => calls };
}

/** A `wrapper` for renderHook: a TollgateProvider talking to `engine` as `customer`. */
export function engineWrapper(engine: TestEngine, customer: string) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <TollgateProvider baseUrl={BASE_URL} getToken={() => engine.tokenFor(customer)} fetch={engine.fetch}>
        {children}
      </TollgateProvider>
    );
  };
}
