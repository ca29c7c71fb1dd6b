import { createHooks, createWebhookHandler, type Deps, drainOutbox, listen, type SeatSyncResult, startSeatSync } from 'tollgate';
import { registerSignals } from './signals.ts';

export interface WebhookServer {
  url: string;
  /** Delivers the hooks waiting in the outbox to the signal printers, then prints the MRR change (what the timer does). */
  drain(): Promise<void>;
  /** One seat sync pass (what its timer does). */
  syncSeats(): Promise<SeatSyncResult>;
  close(): Promise<void>;
}

export interface WebhookServerOptions {
  port: number;
  /** STRIPE_WEBHOOK_SECRET (read on each delivery, so it may be set after start-up). */
  secret: () => string | undefined;
  print: (line: string) => void;
  /** How often hooks are drained and seats synced, ms (default 1,000 and 15,000). */
  drainEveryMs?: number;
  seatSyncEveryMs?: number;
}

/**
 * `stripe_billing webhook --port 8000`: Stripe's events at `POST /webhook`
 * (verified by signature, stored once, mirrored), the seed's signals printed
 * from Tollgate's hooks, and seat sync running beside it.
 */
export async function startWebhookServer(deps: Deps, options: WebhookServerOptions): Promise<WebhookServer> {
  let handler: { secret: string; handle: (request: Request) => Promise<Response> } | undefined;
  const server = await listen(
    async (request) => {
      if (new URL(request.url).pathname !== '/webhook' || request.method !== 'POST') return new Response('not found', { status: 404 });
      const secret = options.secret();
      if (!secret) return new Response('STRIPE_WEBHOOK_SECRET is not set', { status: 503 });
      if (handler?.secret !== secret) handler = { secret, handle: createWebhookHandler(deps, { secret }) };
      return handler.handle(request);
    },
    { port: options.port },
  );
  const hooks = createHooks();
  const signals = await registerSignals(deps, hooks, options.print);
  let draining: Promise<void> | undefined;
  const drain = (): Promise<void> =>
    (draining ??= (async () => {
      for (;;) {
        const r = await drainOutbox(deps, (m) => hooks.dispatch(m), { consumer: 'blackroad-signals' });
        if (r.delivered + r.failed + r.dead < 100) break;
      }
      await signals.flush();
    })().finally(() => {
      draining = undefined;
    }));
  const timer = setInterval(
    () => void drain().catch((e: unknown) => deps.log.error('signals: drain failed', { error: String(e) })),
    options.drainEveryMs ?? 1_000,
  );
  timer.unref();
  const seats = startSeatSync(deps, { intervalMs: options.seatSyncEveryMs ?? 15_000 });
  return {
    url: `${server.url}/webhook`,
    drain,
    syncSeats: () => seats.runOnce(),
    async close() {
      clearInterval(timer);
      await Promise.all([seats.stop(), draining]);
      await server.close();
    },
  };
}
