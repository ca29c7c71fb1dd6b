// Chaos: a burst of subscription lifecycles through `tollgate serve` (Postgres)
// with the stripe-emulator's faults on (15% of API calls answered 429 or 500,
// webhooks duplicated and shuffled) while the engine is killed with SIGKILL a
// few times and restarted. Then, after the emulator's webhook retries and one
// `tollgate sync` (faults still on), the mirror must equal the emulator's
// state object for object, and no app hook may have fired twice.
// Not run in CI. Run: DATABASE_URL=postgres://... npx tsx --conditions=tollgate-source scripts/chaos.ts
// Knobs: CHAOS_CUSTOMERS (40), CHAOS_KILLS (4), CHAOS_FAULT_RATE (0.15).
import { must, setUpEngine, startDrill } from './lib/drill.ts';
import { type Serve, sleep, startServe, tollgate, untilAnswered } from './lib/engine.ts';
import { freePort } from 'tollgate/testing';
import { diffMirror } from './lib/mirror-diff.ts';
import { startAppReceiver } from './lib/receiver.ts';

const CUSTOMERS = Number(process.env.CHAOS_CUSTOMERS ?? 40);
const KILLS = Number(process.env.CHAOS_KILLS ?? 4);
const FAULT_RATE = Number(process.env.CHAOS_FAULT_RATE ?? 0.15);
const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123' };

if (!process.env.DATABASE_URL) throw new Error('scripts/chaos.ts needs DATABASE_URL (Postgres)');
const started = Date.now();
const figure = (label: string, value: unknown) => console.log(`${label.padEnd(44)} ${String(value)}`);

const drill = await startDrill('chaos', { webhookRetryDelaysMs: [500, 1000, 2000, 4000, 8000, 15_000, 30_000, 60_000], maxNetworkRetries: 8 });
const { db, emulator, stripe, faults } = drill;
const receiver = await startAppReceiver();
let serve: Serve | undefined;
let exitCode = 0;
try {
  const port = await freePort();
  const endpoint = await stripe.webhookEndpoints.create({ url: `http://127.0.0.1:${port}/api/v1/billing/webhook`, enabled_events: ['*'] });
  const env = drill.env(endpoint.secret ?? '', { TOLLGATE_OUTBOUND_ALLOW_PRIVATE: '1', TOLLGATE_RATE_LIMIT: '100000' });
  const key = await setUpEngine(env, 'chaos');
  await must(['webhooks', 'add', '--url', receiver.url], env);
  serve = await startServe(port, env);

  // Faults on: Stripe API calls (the engine's and this driver's) and webhook delivery.
  await faults({ rate: FAULT_RATE, kinds: ['rate_limit', 'server_error'], webhooks: { duplicate_rate: 0.2, shuffle_window_ms: 300 } });
  let apiRetries = 0;
  const api = (path: string, body: object) =>
    untilAnswered(
      () =>
        fetch(`http://127.0.0.1:${port}/api/v1/billing/${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      () => apiRetries++,
    ).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));

  // The killer: SIGKILL the engine a few times while the burst runs, restarting it each time.
  let kills = 0;
  let burstDone = false;
  const killer = (async () => {
    while (kills < KILLS) {
      await sleep(burstDone ? 200 : 1500 + Math.random() * 2500);
      await serve?.kill9();
      kills++;
      await sleep(200 + Math.random() * 600);
      serve = await startServe(port, env);
    }
  })();

  const outcomes: Record<string, number> = {};
  const lifecycle = async (i: number) => {
    const customer = `chaos_${i}`;
    const session = await api('checkout/session', {
      customer,
      plan: 'pro',
      interval: 'month',
      success_url: 'https://app.example/ok',
      cancel_url: 'https://app.example/no',
    });
    if (session.status !== 201) throw new Error(`checkout for ${customer}: ${JSON.stringify(session.json)}`);
    const paid = await fetch(String(session.json.url), {
      method: 'POST',
      body: new URLSearchParams({ ...CARD, email: `${customer}@example.com` }),
      redirect: 'manual',
    });
    if (paid.status !== 303) throw new Error(`hosted page for ${customer}: ${paid.status}`);
    await api('checkout/sync', { customer, session_id: session.json.session_id });
    const step = ['stay', 'upgrade', 'cancel_at_period_end', 'cancel_now', 'downgrade_scheduled'][i % 5] ?? 'stay';
    const result =
      step === 'upgrade'
        ? await api('subscription/change', { customer, plan: 'business', when: 'now' })
        : step === 'cancel_at_period_end'
          ? await api('subscription/cancel', { customer })
          : step === 'cancel_now'
            ? await api('subscription/cancel', { customer, at_period_end: false })
            : step === 'downgrade_scheduled'
              ? await api('subscription/change', { customer, plan: 'pro', interval: 'year', when: 'period_end' })
              : { status: 200, json: {} };
    const code = (result.json.error as { code?: string } | undefined)?.code;
    const key = `${step} -> ${result.status}${code ? ` ${code}` : ''}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < CUSTOMERS) await lifecycle(next++);
    }),
  );
  burstDone = true;
  await killer;
  const burstSeconds = (Date.now() - started) / 1000;

  // Stripe's retries: wait until every event has a delivery the engine answered 2xx.
  const settleStart = Date.now();
  const events = await drill.untilDelivered(180_000);
  const attempts = [...emulator.emulator.db.deliveries.values()];

  // One sync, faults still on.
  const synced = await tollgate(['sync', '--json'], env);
  const syncResult = JSON.parse(synced.stdout || '{}') as { failures?: unknown[]; retries?: number; applied?: Record<string, number> };
  await faults(null);

  // Outbound hooks: let the engine drain to the app's endpoint.
  const drainStart = Date.now();
  const count = async (text: string) => (await db.query<{ n: number }>(text)).rows[0]?.n ?? 0;
  const pending = () =>
    count(
      `select count(*)::int as n from outbox o where not exists (select 1 from outbox_deliveries d where d.outbox_id = o.id and d.consumer like 'webhook:%' and d.delivered_at is not null)`,
    );
  // A delivery claimed by a process killed mid-request waits out its lease (about 25 s) first.
  while ((await pending()) > 0 && Date.now() - drainStart < 150_000) await sleep(500);
  const drainSeconds = (Date.now() - drainStart) / 1000;

  const { compared, diffs } = await diffMirror(stripe, db);
  const { hooks, twice } = await drill.hooks();
  const transitions = new Map<string, number>();
  for (const h of hooks)
    if (h.type === 'subscription.activated' || h.type === 'subscription.canceled')
      transitions.set(`${h.type} ${h.object_id}`, (transitions.get(`${h.type} ${h.object_id}`) ?? 0) + 1);
  const redelivered = [...receiver.byId.values()].filter((r) => r.count > 1).length;
  const unprocessed = await count(`select count(*)::int as n from payment_events where processed_at is null`);
  const ledger = await count(`select count(*)::int as n from payment_events`);

  console.log('\nchaos: subscription lifecycles under faults and kill -9');
  figure('customers (lifecycles)', CUSTOMERS);
  figure('lifecycle outcomes (step -> engine status)', JSON.stringify(outcomes));
  figure('engine kill -9 / restarts', kills);
  figure('fault rate on Stripe API calls', FAULT_RATE);
  figure('faults injected (emulator)', JSON.stringify(((await (await fetch(`${emulator.url}/_emulator/faults`)).json()) as { injected: unknown }).injected));
  figure('driver API calls retried (engine down / 5xx)', apiRetries);
  figure('events emitted by the emulator', events.length);
  const failedBy: Record<string, number> = {};
  for (const a of attempts.filter((x) => !x.succeeded))
    failedBy[a.status === null ? 'no connection' : String(a.status)] = (failedBy[a.status === null ? 'no connection' : String(a.status)] ?? 0) + 1;
  figure('webhook delivery attempts / failed', `${attempts.length} / ${JSON.stringify(failedBy)}`);
  figure('ledger rows / unprocessed', `${ledger} / ${unprocessed}`);
  figure('burst seconds / settle seconds', `${burstSeconds.toFixed(1)} / ${((Date.now() - settleStart) / 1000).toFixed(1)}`);
  figure('tollgate sync exit / retries / failures', `${synced.code} / ${syncResult.retries ?? '?'} / ${syncResult.failures?.length ?? '?'}`);
  figure('objects compared', JSON.stringify(compared));
  figure('mirror differences', diffs.length);
  for (const d of diffs.slice(0, 20)) console.log(`  ${d.kind} ${d.id} ${d.field}: stripe ${JSON.stringify(d.stripe)} mirror ${JSON.stringify(d.mirror)}`);
  figure('app hooks (outbox) / fired twice', `${hooks.length} / ${twice}`);
  figure('activations+cancellations / repeated', `${transitions.size} / ${[...transitions.values()].filter((n) => n > 1).length}`);
  figure('hooks delivered to the app / redelivered', `${receiver.byId.size} / ${redelivered} (${drainSeconds.toFixed(1)} s after sync)`);
  if (diffs.length > 0 || twice > 0 || synced.code !== 0 || unprocessed > 0 || receiver.byId.size !== hooks.length) exitCode = 1;
  figure('verdict', exitCode === 0 ? 'PASS' : 'FAIL');
} finally {
  await serve?.stop().catch(() => {});
  await receiver.close();
  await drill.close();
}
process.exit(exitCode);
