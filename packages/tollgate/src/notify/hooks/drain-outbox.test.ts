import { describe, expect, it } from 'vitest';
import { createTestDeps } from '../../testing/deps.ts';
import { createHooks, startHookWorker } from './create-hooks.ts';
import { drainOutbox } from './drain-outbox.ts';
import { enqueueHooks } from './enqueue.ts';
import type { HookDraft, HookMessage } from './types.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const invoice = (id: string) => ({
  id,
  stripeCustomerId: 'cus_1',
  subscriptionId: null,
  status: 'paid',
  currency: 'usd',
  amountDue: 1000,
  amountPaid: 1000,
  attemptCount: 1,
  hostedInvoiceUrl: null,
});
const paid = (id: string): HookDraft => ({ type: 'payment.succeeded', objectId: id, stripeCustomerId: 'cus_1', payload: { invoice: invoice(id) } });

describe('outbox delivery', () => {
  const deps = perTest(() => createTestDeps({ stripe: false }));

  it('delivers each message once when handlers succeed, in order', async () => {
    await enqueueHooks(deps, [paid('in_1'), paid('in_2')], 'evt_1');
    const seen: string[] = [];
    const result = await drainOutbox(deps, (m) => Promise.resolve(void seen.push(m.objectId ?? '')), { consumer: 'hooks' });
    expect(result).toEqual({ delivered: 2, failed: 0, dead: 0 });
    expect(seen).toEqual(['in_1', 'in_2']);
    deps.clock.advance(3_600_000);
    expect(await drainOutbox(deps, () => Promise.resolve(), { consumer: 'hooks' })).toEqual({ delivered: 0, failed: 0, dead: 0 });
  });

  it('retries a failing handler with backoff until it succeeds (at least once)', async () => {
    await enqueueHooks(deps, [paid('in_1')]);
    const hooks = createHooks();
    const calls: HookMessage<'payment.succeeded'>[] = [];
    hooks.on('payment.succeeded', (m) => {
      calls.push(m);
      if (calls.length < 3) throw new Error('app is down');
    });
    const drain = () => drainOutbox(deps, (m) => hooks.dispatch(m), { consumer: 'hooks' });
    expect(await drain()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    expect(await drain()).toEqual({ delivered: 0, failed: 0, dead: 0 }); // backing off (2 s)
    deps.clock.advance(2_000);
    expect(await drain()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    deps.clock.advance(3_999);
    expect(await drain()).toEqual({ delivered: 0, failed: 0, dead: 0 }); // 4 s backoff not yet over
    deps.clock.advance(1);
    expect(await drain()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(calls.map((c) => c.id)).toEqual([calls[0]?.id, calls[0]?.id, calls[0]?.id]);
    expect(calls[0]?.payload.invoice.amountPaid).toBe(1000);
  });

  it('marks a message dead after maxAttempts', async () => {
    await enqueueHooks(deps, [paid('in_1')]);
    const fail = () => Promise.reject(new Error('no'));
    const options = { consumer: 'hooks', maxAttempts: 2, backoffMs: () => 0 };
    expect(await drainOutbox(deps, fail, options)).toEqual({ delivered: 0, failed: 1, dead: 0 });
    expect(await drainOutbox(deps, fail, options)).toEqual({ delivered: 0, failed: 0, dead: 1 });
    expect(await drainOutbox(deps, fail, options)).toEqual({ delivered: 0, failed: 0, dead: 0 });
  });

  it('a claimed message is not handed to another worker until its lease ends', async () => {
    await enqueueHooks(deps, [paid('in_1')]);
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    let claimed: () => void = () => {};
    const handling = new Promise<void>((resolve) => (claimed = resolve));
    const first = drainOutbox(deps, () => (claimed(), slow), { consumer: 'hooks' });
    await handling; // the first worker holds the message (its handler runs)
    const seen: string[] = [];
    const second = await drainOutbox(deps, (m) => Promise.resolve(void seen.push(m.id)), { consumer: 'hooks' });
    release();
    expect(await first).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(second.delivered).toBe(0);
    expect(seen).toEqual([]);
  });

  it('keeps consumers independent: a second consumer gets every message too', async () => {
    await enqueueHooks(deps, [paid('in_1'), paid('in_2')]);
    expect((await drainOutbox(deps, () => Promise.resolve(), { consumer: 'hooks' })).delivered).toBe(2);
    expect((await drainOutbox(deps, () => Promise.resolve(), { consumer: 'remote' })).delivered).toBe(2);
  });

  it('the worker drains to registered handlers', async () => {
    await enqueueHooks(deps, [paid('in_1')]);
    const hooks = createHooks();
    const seen: string[] = [];
    hooks.on('payment.succeeded', (m) => void seen.push(m.payload.invoice.id));
    const worker = startHookWorker(deps, hooks, { intervalMs: 10 });
    await worker.drain();
    await worker.stop();
    expect(seen).toEqual(['in_1']);
  });
});
