import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { expect } from 'vitest';
import { meterEventName } from '../../core/config/stripe-keys.ts';
import { queryRows } from '../../core/db/sql.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import type { TestDeps } from '../../testing/deps.ts';
import { seedCustomer } from '../ledger/fixtures.test-support.ts';
import { trackBatch } from '../ledger/track-batch.ts';
import { unwrap } from '../../core/lib/result.ts';
import type { Reporter } from './run-reporter.ts';

/**
 * Test support for the reporter's tests against the emulator's Billing
 * Meters: the `tokens` meter, customers on an active Pro subscription, and
 * the comparison of what Stripe billed with the ledger. Lives beside them.
 */

const DAY = 86_400_000;

export interface MeteredCustomer {
  external: string;
  stripe: string;
}

/** The `tokens` meter and `customers` Stripe customers (`org-0`...), each on Pro for a period around the deps clock. */
export async function setupMeteredCustomers(deps: TestDeps, customers: number): Promise<{ meter: Stripe.Billing.Meter; ids: MeteredCustomer[] }> {
  const meter = await deps.stripe.billing.meters.create({
    display_name: 'Tokens',
    event_name: meterEventName('tokens'),
    default_aggregation: { formula: 'sum' },
    customer_mapping: { type: 'by_id', event_payload_key: 'stripe_customer_id' },
    value_settings: { event_payload_key: 'value' },
  });
  const now = deps.clock.now().getTime();
  // The Stripe customers are made concurrently (each is one round trip), the mirror rows in order.
  const made = await Promise.all(Array.from({ length: customers }, (_, i) => deps.stripe.customers.create({ email: `c${i}@example.com` })));
  const ids: MeteredCustomer[] = [];
  for (const [i, c] of made.entries()) {
    const external = `org-${i}`;
    await seedCustomer(deps.db, {
      externalId: external,
      stripeCustomerId: c.id,
      subscription: {
        planKey: 'pro',
        status: 'active',
        periodStart: new Date(now - 20 * DAY).toISOString(),
        periodEnd: new Date(now + 40 * DAY).toISOString(),
      },
    });
    ids.push({ external, stripe: c.id });
  }
  return { meter, ids };
}

/**
 * Billable units per customer, from the ledger's rows (not the counters'
 * running `billable`): per window, what its events add up to beyond the
 * plan's included amount, on soft limits.
 */
export async function ledgerBillable(deps: TestDeps): Promise<Map<string, number>> {
  const rows = await queryRows<{ customer_id: string; billable: string }>(
    deps.db,
    sql`select t.customer_id, sum(greatest(0, t.total - c.included)) as billable
        from (select customer_id, feature, window_key, sum(amount) as total from usage_events group by 1, 2, 3) t
        join usage_counters c on c.customer_id = t.customer_id and c.feature = t.feature and c.window_key = t.window_key
        where c.soft
        group by t.customer_id`,
  );
  return new Map(rows.map((r) => [r.customer_id, Number(r.billable)]));
}

/** What Stripe's meter summaries add up to for a customer over whole days around [from, to]. */
export async function stripeTotal(stripe: Stripe, meter: string, customer: string, from: Date, to: Date): Promise<number> {
  const start = Math.floor(unixSeconds(from) / 86_400) * 86_400;
  const end = Math.ceil(unixSeconds(to) / 86_400) * 86_400 + 86_400;
  const summaries = await stripe.billing.meters.listEventSummaries(meter, { customer, start_time: start, end_time: end });
  return summaries.data.reduce((sum, s) => sum + s.aggregated_value, 0);
}

/** Every customer: Stripe billed exactly the ledger's billable units, and something. */
export async function expectStripeEqualsLedger(deps: TestDeps, meter: string, ids: MeteredCustomer[], from: Date, to = deps.clock.now()): Promise<void> {
  const ledger = await ledgerBillable(deps);
  for (const c of ids) {
    const billed = await stripeTotal(deps.stripe, meter, c.stripe, from, to);
    expect(billed, c.external).toBe(ledger.get(c.external));
    expect(billed).toBeGreaterThan(0);
  }
}

/** A forwarding HTTP proxy in front of the emulator that watches meter event requests (v1 form bodies, v2 stream JSON). */
export interface MeterProxy {
  url: string;
  /** `METHOD /path` of every request, in arrival order. */
  seen: string[];
  /** The most meter event requests in flight at once. */
  maxInFlight: number;
  /** The most requests in flight at once that carried one customer x meter. */
  maxPerCustomerMeter: number;
  close(): Promise<void>;
}

/** Customer x meter keys a meter event request carries. */
function meterKeys(path: string, body: string): string[] {
  if (path.startsWith('/v2/billing/meter_event_stream')) {
    const parsed = JSON.parse(body) as { events?: { event_name: string; payload: { stripe_customer_id: string } }[] };
    return [...new Set((parsed.events ?? []).map((e) => `${e.payload.stripe_customer_id} ${e.event_name}`))];
  }
  if (path.startsWith('/v1/billing/meter_events')) {
    const form = new URLSearchParams(body);
    return [`${form.get('payload[stripe_customer_id]') ?? ''} ${form.get('event_name') ?? ''}`];
  }
  return [];
}

/**
 * Starts a MeterProxy to `target` (the emulator's URL); each request waits
 * `delayMs` (real time, so requests overlap in flight) before it is forwarded.
 */
export async function startMeterProxy(target: string, options: { delayMs?: number } = {}): Promise<MeterProxy> {
  const upstream = new URL(target);
  const inFlight = new Map<string, number>();
  let flying = 0;
  const proxy: MeterProxy = { url: '', seen: [], maxInFlight: 0, maxPerCustomerMeter: 0, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? '';
      proxy.seen.push(`${req.method ?? ''} ${path}`);
      const keys = meterKeys(path, body.toString());
      if (keys.length > 0) {
        proxy.maxInFlight = Math.max(proxy.maxInFlight, ++flying);
      }
      for (const k of keys) {
        const n = (inFlight.get(k) ?? 0) + 1;
        inFlight.set(k, n);
        proxy.maxPerCustomerMeter = Math.max(proxy.maxPerCustomerMeter, n);
      }
      const done = () => {
        if (keys.length > 0) flying -= 1;
        for (const k of keys) inFlight.set(k, (inFlight.get(k) ?? 1) - 1);
      };
      setTimeout(() => {
        const forward = request({ host: upstream.hostname, port: upstream.port, path, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', done);
        });
        forward.on('error', () => {
          done();
          res.destroy();
        });
        forward.end(body);
      }, options.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}

/** `days` days of `tokens` for every customer, one `trackBatch` a day, the clock moved a day after each. */
export async function trackDays(
  deps: TestDeps,
  ids: MeteredCustomer[],
  days: number,
  event: (i: number, day: number) => { amount: number; idempotencyKey?: string },
): Promise<void> {
  for (let day = 0; day < days; day++) {
    unwrap(
      await trackBatch(
        deps,
        ids.map((c, i) => ({ customer: c.external, feature: 'tokens', ...event(i, day) })),
      ),
    );
    deps.clock.advance(DAY);
  }
}

/** A planned meter report as the reporter would send it (the first `limit`, by identifier). */
export interface PlannedReport {
  identifier: string;
  stripe_customer_id: string;
  value: string;
  event_at: Date | string;
}

export function plannedReports(deps: TestDeps, limit: number): Promise<PlannedReport[]> {
  return queryRows<PlannedReport & Record<string, unknown>>(
    deps.db,
    sql`select identifier, stripe_customer_id, value, event_at from meter_reports order by identifier limit ${limit}`,
  );
}

/** The emulator's injected 429s, 500s and dropped connections on `path` (60% of requests) until `clear()`. */
export async function injectMeterFaults(deps: TestDeps, path: string): Promise<{ injected(): Promise<number>; clear(): Promise<void> }> {
  const control = `${deps.testStripe!.emulator.url}/_emulator/faults`;
  const faults = { rate: 0.6, kinds: ['rate_limit', 'server_error', 'drop'], paths: [path] };
  expect((await fetch(control, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) })).ok).toBe(true);
  return {
    injected: async () => {
      const { injected } = (await (await fetch(control)).json()) as { injected: Record<string, number> };
      return (injected.rate_limit ?? 0) + (injected.server_error ?? 0) + (injected.drop ?? 0);
    },
    clear: async () => {
      await fetch(control, { method: 'DELETE' });
    },
  };
}

/**
 * Reporter rounds until no report is left unsent (at most `rounds`, the clock
 * moved past any backoff between them), none failing; how many it retried.
 */
export async function reportUntilSent(deps: TestDeps, reporter: Reporter, rounds: number): Promise<number> {
  let retried = 0;
  for (let round = 0; round < rounds; round++) {
    const r = await reporter.runOnce();
    retried += r.retrying;
    expect(r.failed).toBe(0);
    const [left] = await queryRows<{ n: string }>(deps.db, sql`select count(*) as n from meter_reports where status <> 'sent'`);
    if (Number(left?.n) === 0) break;
    deps.clock.advance(10 * 60_000); // past any backoff
  }
  return retried;
}
