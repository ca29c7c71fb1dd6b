// @vitest-environment node
import '../testing/dom.ts';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { defaultConfig } from 'tollgate';
import { afterEach, describe, expect, it } from 'vitest';
import { useConsume } from '../hooks/use-consume.ts';
import { suiteEngine } from '../testing/engine.ts';
import { renderWithEngine } from '../testing/render.tsx';
import { UsageMeters } from './UsageMeters.tsx';

function Retry() {
  const { consume, data } = useConsume('messages');
  return (
    <>
      <button type="button" onClick={() => void consume({ amount: 5, idempotencyKey: 'send_1' })}>
        Send
      </button>
      {data ? <p>{data.event.duplicate ? 'duplicate' : 'recorded'}</p> : null}
    </>
  );
}

describe('UsageMeters on a config with an unlimited default plan', { timeout: 30_000 }, () => {
  const config = {
    ...defaultConfig,
    plans: { ...defaultConfig.plans, free: { ...defaultConfig.plans.free, features: { messages: 'unlimited' as const, agents: 3, analytics: false } } },
  };
  const engine = suiteEngine({ config });
  afterEach(cleanup);

  it('shows an unlimited feature without a bar, and a retried consume counts once', async () => {
    renderWithEngine(
      <>
        <UsageMeters labels={{ messages: 'messages', agents: 'agents' }} />
        <Retry />
      </>,
      engine,
      'm_unlimited',
    );
    expect(await screen.findByText('0 messages used (unlimited)')).toBeTruthy();
    expect(screen.getAllByRole('progressbar').map((bar) => bar.getAttribute('aria-label'))).toEqual(['agents']);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('recorded')).toBeTruthy();
    expect(await screen.findByText('5 messages used (unlimited)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('duplicate')).toBeTruthy();
    // The meter re-reads usage after the retry; it still counts 5.
    await waitFor(() => expect(engine.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/v1/billing/usage' }));
    expect(screen.getByText('5 messages used (unlimited)')).toBeTruthy();
  });
});
