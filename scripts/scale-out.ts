// Scale-out: three `tollgate serve` processes on one Postgres behind a
// round-robin proxy; usage is tracked through the proxy while the
// stripe-emulator delivers webhooks (duplicated and shuffled) through it
// too, and one process is killed with SIGKILL mid-load. Every request is
// retried with its idempotency key until answered. Then: no usage lost or
// doubled, every webhook event applied once, no hook twice.
// Not run in CI. Run: DATABASE_URL=postgres://... npx tsx --conditions=tollgate-source scripts/scale-out.ts
// Knobs: SCALE_SECONDS (20), SCALE_CLIENTS (24), SCALE_CUSTOMERS (50), SCALE_SUBSCRIBERS (30).
import { type IncomingMessage, request as httpRequest, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setUpEngine, startDrill } from './lib/drill.ts';
import { type Serve, sleep, startServe } from './lib/engine.ts';
import { freePort } from 'tollgate/testing';

const SECONDS = Number(process.env.SCALE_SECONDS ?? 20);
const CLIENTS = Number(process.env.SCALE_CLIENTS ?? 24);
const CUSTOMERS = Number(process.env.SCALE_CUSTOMERS ?? 50);
const SUBSCRIBERS = Number(process.env.SCALE_SUBSCRIBERS ?? 30);
if (!process.env.DATABASE_URL) throw new Error('scripts/scale-out.ts needs DATABASE_URL (Postgres)');
const figure = (label: string, value: unknown) => console.log(`${label.padEnd(44)} ${String(value)}`);

/**
 * A round-robin HTTP proxy. A backend that refuses the connection is skipped
 * (nothing was sent); one that fails after the request was sent answers 502
 * (the request may or may not have been applied: the client retries it).
 */
function startProxy(backends: () => string[]): Promise<{ url: string; stats: { skipped: number; failed: number }; server: Server }> {
  const stats = { skipped: 0, failed: 0 };
  let turn = 0;
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, tries: number) => {
    const list = backends();
    if (list.length === 0) {
      stats.failed++;
      res.writeHead(502).end();
      return;
    }
    const target = new URL(list[turn++ % list.length] ?? '');
    const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' && tries < list.length) {
        stats.skipped++;
        forward(req, res, body, tries + 1);
        return;
      }
      stats.failed++;
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    out.end(body);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, res, Buffer.concat(chunks), 1));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stats, server })),
  );
}

const drill = await startDrill('scale', { webhookRetryDelaysMs: [500, 1000, 2000, 4000, 8000, 15_000], maxNetworkRetries: 5 });
const { db, stripe } = drill;
const servers: Serve[] = [];
let exitCode = 0;
let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
try {
  proxy = await startProxy(() => servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null).map((s) => s.url));
  const endpoint = await stripe.webhookEndpoints.create({ url: `${proxy.url}/api/v1/billing/webhook`, enabled_events: ['*'] });
  const env = drill.env(endpoint.secret ?? '', { TOLLGATE_RATE_LIMIT: '1000000' });
  const key = await setUpEngine(env, 'scale');
  for (let i = 0; i < 3; i++) servers.push(await startServe(await freePort(), env, `serve ${i + 1}`));
  await drill.faults({ webhooks: { duplicate_rate: 0.2, shuffle_window_ms: 200 } });

  // Usage through the proxy: every key retried until answered 200 (same key, same body).
  const sent = new Map<string, { customer: string; amount: number }>();
  const stats = { requests: 0, retries: 0, non200: new Map<number, number>() };
  const deadline = Date.now() + SECONDS * 1000;
  const post = (body: string) =>
    new Promise<number>((resolve) => {
      const req = httpRequest(
        `${proxy?.url}/api/v1/billing/track`,
        { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });
  const client = async (c: number) => {
    for (let k = 0; Date.now() < deadline; k++) {
      const idempotencyKey = `k-${c}-${k}`;
      const customer = `so_${(c * 7 + k) % CUSTOMERS}`;
      const amount = 1 + (k % 3);
      const body = JSON.stringify({ customer, feature: 'messages', amount, idempotency_key: idempotencyKey });
      sent.set(idempotencyKey, { customer, amount });
      for (let attempt = 0; ; attempt++) {
        stats.requests++;
        const status = await post(body);
        if (status === 200) break;
        stats.non200.set(status, (stats.non200.get(status) ?? 0) + 1);
        stats.retries++;
        await sleep(Math.min(50 * 2 ** attempt, 1000));
      }
    }
  };
  // Webhooks through the proxy: subscriptions made in Stripe while the load runs.
  let subscribed = 0;
  const subscribers = async () => {
    const price = (await stripe.prices.list({ lookup_keys: ['tollgate:plan:pro:month'] })).data[0];
    for (let i = 0; i < SUBSCRIBERS && Date.now() < deadline; i++) {
      const customer = await stripe.customers.create({ email: `s${i}@example.com`, metadata: { tollgate_external_id: `sub_user_${i}` } });
      const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
      await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
      const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price?.id ?? '' }] });
      subscribed++;
      if (i % 3 === 0) await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
      await sleep((SECONDS * 1000) / (SUBSCRIBERS * 2));
    }
  };
  let killedAt = 0;
  const killer = (async () => {
    await sleep(SECONDS * 400);
    killedAt = (Date.now() - (deadline - SECONDS * 1000)) / 1000;
    await servers[1]?.kill9();
  })();
  const started = Date.now();
  await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c)), subscribers(), killer]);
  const loadSeconds = (Date.now() - started) / 1000;

  // Stripe's retries, then the checks.
  const events = await drill.untilDelivered(120_000);
  const expected = new Map<string, number>();
  for (const { customer, amount } of sent.values()) expected.set(customer, (expected.get(customer) ?? 0) + amount);
  const ledger = (
    await db.query<{ idempotency_key: string; amount: string; n: string }>(
      `select idempotency_key, sum(amount) as amount, count(*) as n from usage_events group by idempotency_key`,
    )
  ).rows;
  const doubled = ledger.filter((r) => Number(r.n) > 1).length;
  const keysStored = new Set(ledger.map((r) => r.idempotency_key));
  const lost = [...sent.keys()].filter((k) => !keysStored.has(k)).length;
  const counters = (
    await db.query<{ customer: string; used: string }>(
      `select customer_id as customer, sum(used) as used from usage_counters where feature = 'messages' group by customer_id`,
    )
  ).rows;
  const byCounter = new Map(counters.map((r) => [r.customer, Number(r.used)]));
  const counterMismatch = [...expected].filter(([customer, amount]) => byCounter.get(customer) !== amount).length;
  const ledgerEvents = (
    await db.query<{ processed: string; total: string }>(
      `select count(*) filter (where processed_at is not null) as processed, count(*) as total from payment_events`,
    )
  ).rows[0];
  const { hooks, twice } = await drill.hooks();
  const activations = hooks.filter((h) => h.type === 'subscription.activated').length;
  const attempts = [...drill.emulator.emulator.db.deliveries.values()];

  console.log('\nscale-out: three serve processes on one Postgres, one killed mid-load');
  figure('load seconds / clients / customers', `${loadSeconds.toFixed(1)} / ${CLIENTS} / ${CUSTOMERS}`);
  figure('serve process killed (SIGKILL) at second', killedAt.toFixed(1));
  figure('track keys sent / requests / retried', `${sent.size} / ${stats.requests} / ${stats.retries}`);
  figure('track answers other than 200', JSON.stringify(Object.fromEntries(stats.non200)));
  figure('track events per second (answered)', (sent.size / loadSeconds).toFixed(0));
  figure('proxy: backend skipped (refused) / 502', `${proxy.stats.skipped} / ${proxy.stats.failed}`);
  figure('usage keys lost / doubled', `${lost} / ${doubled}`);
  figure('customers whose counters differ from sent', counterMismatch);
  figure('webhook events emitted / in ledger / processed', `${events.length} / ${ledgerEvents?.total} / ${ledgerEvents?.processed}`);
  figure('webhook delivery attempts / failed', `${attempts.length} / ${attempts.filter((a) => !a.succeeded).length}`);
  figure('subscriptions activated (hooks) / made in Stripe', `${activations} / ${subscribed}`);
  figure('hooks fired twice', twice);
  if (lost > 0 || doubled > 0 || counterMismatch > 0 || Number(ledgerEvents?.processed) !== events.length || twice > 0 || activations !== subscribed)
    exitCode = 1;
  figure('verdict', exitCode === 0 ? 'PASS' : 'FAIL');
} finally {
  await Promise.all(servers.map((s) => s.stop().catch(() => {})));
  proxy?.server.close();
  proxy?.server.closeAllConnections();
  await drill.close();
}
process.exit(exitCode);
