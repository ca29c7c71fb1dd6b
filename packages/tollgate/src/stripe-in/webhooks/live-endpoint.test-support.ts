import { Hono } from 'hono';
import type Stripe from 'stripe';
import { listen, type Listening } from '../../edges/server/listen.ts';
import type { TestDeps } from '../../testing/deps.ts';
import { createWebhookHandler } from './handler.ts';
import { recordEvents } from './test-support.ts';

interface DeliveryLog {
  data: { event: string; status: number | null; succeeded: boolean }[];
  has_more: boolean;
}

/**
 * Test support: the real webhook handler served over HTTP and registered
 * with the test's emulator, which then delivers (and retries) every event
 * itself, signed, as Stripe would. The emulator signs with the wall clock
 * while the test's clock is fixed, so the timestamp check is off here
 * (handler.test.ts covers it).
 */
export interface LiveEndpoint {
  server: Listening;
  endpoint: Stripe.WebhookEndpoint;
  events: Stripe.Event[];
  /** Resolves once every event emitted so far has a delivery answered 2xx; returns the statuses of every attempt. */
  settled(timeoutMs?: number): Promise<(number | null)[]>;
  close(): Promise<void>;
}

export async function startLiveEndpoint(deps: TestDeps): Promise<LiveEndpoint> {
  const emulatorUrl = deps.testStripe?.emulator.url;
  if (!emulatorUrl) throw new Error('startLiveEndpoint needs deps with an emulator');
  const events = recordEvents(deps);
  let secret = '';
  let handler: ((request: Request) => Promise<Response>) | undefined;
  const app = new Hono();
  app.post('/webhook', (c) => {
    handler ??= createWebhookHandler(deps, { secret, toleranceSeconds: 0 });
    return handler(c.req.raw);
  });
  const server = await listen(app.fetch, { port: 0 });
  const endpoint = await deps.stripe.webhookEndpoints.create({ url: `${server.url}/webhook`, enabled_events: ['*'] });
  secret = endpoint.secret ?? '';
  const attempts = async () => {
    const log = (await (await fetch(`${emulatorUrl}/_emulator/webhook_deliveries?endpoint=${endpoint.id}&limit=100`)).json()) as DeliveryLog;
    if (log.has_more) throw new Error('more than 100 delivery attempts: page the log');
    return log.data;
  };
  return {
    server,
    endpoint,
    events,
    async settled(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const log = await attempts();
        const delivered = new Set(log.filter((a) => a.succeeded).map((a) => a.event));
        if (events.every((e) => delivered.has(e.id))) return log.map((a) => a.status);
        if (Date.now() > deadline) {
          const missing = events.filter((e) => !delivered.has(e.id)).map((e) => `${e.type} ${e.id}`);
          throw new Error(`not delivered: ${missing.join(', ')}; attempts: ${JSON.stringify(log)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () => server.close(),
  };
}
