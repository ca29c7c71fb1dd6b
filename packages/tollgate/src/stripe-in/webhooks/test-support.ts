import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { expect } from 'vitest';
import { connect } from '../../core/db/connect.ts';
import { queryRows } from '../../core/db/sql.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import { createTestDatabase } from '../../testing/db.ts';
import { createTestDeps, type TestDeps, type TestDepsOptions } from '../../testing/deps.ts';
import { createWebhookHandler } from './handler.ts';
import { signatureHeader } from './verify-signature.ts';

/**
 * Test support: the events a test's stripe-emulator really emits, and signed
 * deliveries of them to a handler. Lives beside the tests that use it.
 */
export function recordEvents(deps: TestDeps): Stripe.Event[] {
  const events: Stripe.Event[] = [];
  const running = deps.testStripe;
  if (!running) throw new Error('recordEvents needs deps with an emulator');
  running.emulator.emulator.onEvent((event) => events.push(JSON.parse(JSON.stringify(event)) as Stripe.Event));
  return events;
}

export const TEST_SECRET = 'whsec_test_tollgate';

export function signedRequest(body: string, options: { secret?: string; timestamp?: number; header?: string | null }): Request {
  const headers = new Headers({ 'content-type': 'application/json' });
  let header = options.header;
  if (header === undefined) {
    if (options.timestamp === undefined) throw new Error("signedRequest: pass the timestamp (the test clock's second) or a header");
    header = signatureHeader(body, options.secret ?? TEST_SECRET, options.timestamp);
  }
  if (header !== null) headers.set('stripe-signature', header);
  return new Request('http://tollgate.test/api/v1/billing/webhook', { method: 'POST', body, headers });
}

/** Delivers an event signed "now" by the deps clock; returns the status. */
export async function deliver(handler: (request: Request) => Promise<Response>, deps: TestDeps, event: object): Promise<number> {
  const response = await handler(signedRequest(JSON.stringify(event), { timestamp: unixSeconds(deps.clock.now()) }));
  return response.status;
}

/**
 * A webhook test bed: deps whose clock the emulator shares, every event it emits
 * recorded, and the real webhook handler. `deliverNew` delivers, signed, each
 * event not yet delivered, and fails unless each is answered 200.
 */
export interface WebhookTestbed {
  deps: TestDeps;
  events: Stripe.Event[];
  handler: (request: Request) => Promise<Response>;
  deliverNew(): Promise<void>;
  /** Closes its deps (what `perTest(createWebhookTestbed)` calls after the test). */
  close(): Promise<void>;
}

export async function createWebhookTestbed(options: TestDepsOptions & { toleranceSeconds?: number } = {}): Promise<WebhookTestbed> {
  const { toleranceSeconds, ...depsOptions } = options;
  const deps = await createTestDeps(depsOptions);
  const events = recordEvents(deps);
  const handler = createWebhookHandler(deps, { secret: TEST_SECRET, ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }) });
  let delivered = 0;
  return {
    deps,
    events,
    handler,
    async deliverNew() {
      for (const event of events.slice(delivered)) {
        const status = await deliver(handler, deps, event);
        if (status !== 200) throw new Error(`webhook ${event.type} (${event.id}) was answered ${status}`);
      }
      delivered = events.length;
    },
    close: () => deps.close(),
  };
}

/** Deterministic shuffle (test support). */
export function shuffle<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * A fresh database after delivering `sequence` one at a time, or `inFlight`
 * at once (batched), to one node or, with `nodes` > 1 (Postgres), to several,
 * each with its own connection pool, taking deliveries in turn; every delivery
 * answered 200. What it holds then: each query of `snapshot`, by name.
 */
export async function snapshotAfterDeliveries(
  deps: TestDeps,
  sequence: Stripe.Event[],
  snapshot: Record<string, string>,
  inFlight = 1,
  nodes = 1,
): Promise<Record<string, unknown[]>> {
  const database = await createTestDatabase();
  const others = await Promise.all(Array.from({ length: nodes - 1 }, () => connect({ url: database.url, searchPath: database.schema, poolSize: 4 })));
  try {
    const handlers = [database, ...others].map((d) =>
      createWebhookHandler({ ...deps, db: d.db }, { secret: TEST_SECRET, batch: { maxItems: 16, concurrency: 3 } }),
    );
    for (let i = 0; i < sequence.length; i += inFlight) {
      const slice = sequence.slice(i, i + inFlight);
      const statuses = await Promise.all(slice.map((e, k) => deliver(handlers[k % handlers.length] as (typeof handlers)[0], deps, e)));
      expect(statuses.every((s) => s === 200)).toBe(true);
    }
    const out: Record<string, unknown[]> = {};
    for (const [name, query] of Object.entries(snapshot)) out[name] = await queryRows(database.db, sql.raw(query));
    return out;
  } finally {
    for (const other of others) await other.close();
    await database.close();
  }
}
