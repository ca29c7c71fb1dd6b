import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { runDueTransitions } from '../subscriptions/lifecycle.ts';

const DELETES_AFTER = 30 * 86_400;

export function getTestClock(em: Emulator, id: string, param = 'test_clock'): Stripe.TestHelpers.TestClock {
  const clock = em.db.testClocks.get(id);
  if (!clock) throw resourceMissing('test_clock', id, param);
  return clock;
}

export function createTestClock(em: Emulator, input: { frozen_time: number; name?: string }): Stripe.TestHelpers.TestClock {
  const clock: Stripe.TestHelpers.TestClock = {
    id: em.ids.next('clock'),
    object: 'test_helpers.test_clock',
    created: em.now(),
    deletes_after: input.frozen_time + DELETES_AFTER,
    frozen_time: input.frozen_time,
    livemode: false,
    name: input.name ?? null,
    status: 'ready',
    status_details: {},
  };
  em.db.testClocks.put(clock);
  em.emit('test_helpers.test_clock.created', clock);
  return clock;
}

export function deleteTestClock(em: Emulator, id: string): Stripe.TestHelpers.DeletedTestClock {
  const clock = getTestClock(em, id, 'id');
  // Deleting a clock deletes the objects that live on it, as Stripe does.
  for (const customer of em.db.customers.values()) if (customer.test_clock === id) em.db.customers.delete(customer.id);
  for (const sub of em.db.subscriptions.values()) if (sub.test_clock === id) em.db.subscriptions.delete(sub.id);
  em.db.testClocks.delete(id);
  em.emit('test_helpers.test_clock.deleted', clock);
  return { id, object: 'test_helpers.test_clock', deleted: true };
}

/**
 * Starts moving a clock to `frozenTime`: answers at once with status `advancing`, then runs
 * every due transition in time order (each in its own transaction) and ends `ready`.
 * `done` resolves when the clock is ready (tests and tools may await it).
 */
export function advanceTestClock(em: Emulator, id: string, frozenTime: number): { clock: Stripe.TestHelpers.TestClock; done: Promise<void> } {
  const before = getTestClock(em, id, 'test_clock');
  if (before.status === 'advancing')
    throw invalidRequest('The test clock is already advancing. Wait until it is ready before advancing it again.', undefined, 'test_clock_advancing');
  if (frozenTime <= before.frozen_time) throw invalidRequest('The frozen time must be after the current frozen time of the test clock.', 'frozen_time');
  const advancing: Stripe.TestHelpers.TestClock = { ...before, status: 'advancing', status_details: { advancing: { target_frozen_time: frozenTime } } };
  em.db.testClocks.put(advancing);
  em.emit('test_helpers.test_clock.advancing', advancing);
  const done = new Promise<void>((resolve) => {
    setImmediate(() => {
      // The request may have failed after scheduling (its writes were undone): then there is nothing to run.
      if (em.db.testClocks.get(id)?.status !== 'advancing') {
        resolve();
        return;
      }
      try {
        runDueTransitions(em, id, frozenTime, (at) => {
          const current = em.db.testClocks.get(id);
          if (current && at > current.frozen_time) em.db.testClocks.put({ ...current, frozen_time: at });
        });
        const current = em.db.testClocks.get(id);
        if (current) {
          const ready: Stripe.TestHelpers.TestClock = { ...current, frozen_time: frozenTime, status: 'ready', status_details: {} };
          em.transaction(() => {
            em.db.testClocks.put(ready);
            em.emit('test_helpers.test_clock.ready', ready);
          });
        }
      } catch (error) {
        const current = em.db.testClocks.get(id);
        if (current) em.db.testClocks.put({ ...current, status: 'internal_failure', status_details: {} });
        em.emit('test_helpers.test_clock.internal_failure', { ...(current ?? before), status: 'internal_failure' });
        console.error('stripe-emulator: test clock advance failed', error);
      }
      resolve();
    });
  });
  return { clock: advancing, done };
}
