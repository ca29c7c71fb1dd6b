import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { type AppOptions, createEmulatorApp } from './app.ts';
import { type CompleteCheckoutOptions, completeCheckout } from './complete-checkout.ts';
import type { Emulator } from './core/emulator.ts';
import { nodeListener } from './core/node-listener.ts';
import { persistTo } from './core/persist.ts';
import { resetEmulator } from './faults/routes.ts';
import { runDueTransitions } from './resources/subscriptions/lifecycle.ts';

export interface StartOptions extends AppOptions {
  port?: number;
  host?: string;
  /** The secret key of the `stripe` client it returns (default `sk_test_emulator`; any `sk_test_` key is accepted). */
  apiKey?: string;
  /** Persist every object to this JSON file (loaded at start, saved as it changes and on close). */
  dataFile?: string;
  /**
   * How often objects on real time (no test clock) get their due transitions (renewals, retries,
   * expiries), in ms. Default 1000; 0 turns the scheduler off.
   */
  schedulerIntervalMs?: number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  /** The official `stripe` SDK pointed at this emulator (the `apiKey`, no network retries). */
  stripe: Stripe;
  /**
   * Advances a Stripe test clock to `to` (unix seconds, or a Date) and resolves once it is
   * `ready`, with the renewals, invoices and webhooks due on the way done.
   */
  advanceTestClock(testClock: string, to: number | Date): Promise<Stripe.TestHelpers.TestClock>;
  /** Pays a Checkout Session on the hosted page as a customer would (card 4242 by default); resolves with the session. */
  completeCheckout(session: string | { id: string }, options?: CompleteCheckoutOptions): Promise<Stripe.Checkout.Session>;
  /** Forgets every object (as `POST /_emulator/reset`): a clean account for the next test. */
  reset(): Promise<void>;
  /** The emulator's state (store, clock, events), for tests and tools. */
  emulator: Emulator;
  close(): Promise<void>;
}

/** Advances a test clock through the SDK and waits until it is `ready` again, as a client of real Stripe would. */
export async function advanceUntilReady(stripe: Stripe, testClock: string, to: number | Date): Promise<Stripe.TestHelpers.TestClock> {
  const frozen = to instanceof Date ? Math.floor(to.getTime() / 1000) : to;
  let current = await stripe.testHelpers.testClocks.advance(testClock, { frozen_time: frozen });
  for (let i = 0; i < 1000 && current.status !== 'ready'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    current = await stripe.testHelpers.testClocks.retrieve(testClock);
  }
  if (current.status !== 'ready') throw new Error(`test clock ${testClock} did not become ready (status ${current.status})`);
  return current;
}

/** Starts the emulator on a port (0, the default, picks a free one). */
export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const app = createEmulatorApp(options);
  const em = app.emulator;
  if (options.dataFile) persistTo(em, options.dataFile);
  const every = options.schedulerIntervalMs ?? 1000;
  if (every > 0) {
    const timer = setInterval(() => {
      try {
        runDueTransitions(em, null, em.now());
      } catch (error) {
        console.error('stripe-emulator: scheduled transition failed', error);
      }
    }, every);
    timer.unref();
    em.onClose(() => clearInterval(timer));
  }
  let origin = `http://${host}`;
  const server = createServer(
    { keepAliveTimeout: 65_000 },
    nodeListener(
      app.handle,
      () => origin,
      () => em.clock.now(),
    ),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      const url = `http://${host}:${port}`;
      origin = url;
      if (options.publicUrl === undefined) em.publicUrl = url;
      const stripe = new Stripe(options.apiKey ?? 'sk_test_emulator', { host, port, protocol: 'http', maxNetworkRetries: 0 });
      resolve({
        url,
        emulator: em,
        port,
        stripe,
        advanceTestClock: (testClock, to) => advanceUntilReady(stripe, testClock, to),
        completeCheckout: (session, checkout) => completeCheckout(url, em, stripe, typeof session === 'string' ? session : session.id, checkout),
        reset: async () => resetEmulator(em),
        close: () =>
          new Promise<void>((done, fail) => {
            em.close();
            server.close((e) => (e ? fail(e) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
