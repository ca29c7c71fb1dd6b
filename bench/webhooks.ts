// Webhook ingestion on Postgres (DATABASE_URL): real events from the
// stripe-emulator (one subscription lifecycle), cloned with fresh ids into
// many customers' histories, signed, and sent through the handler (signature,
// ledger, applyStripeObject, outbox). Figures printed, never asserted.
// Run: DATABASE_URL=postgres://... npm run bench
import { performance } from 'node:perf_hooks';
import type Stripe from 'stripe';
import { startEmulator } from 'stripe-emulator';
import { createStripeClient, createWebhookHandler, defaultConfig, signatureHeader } from 'tollgate';
import { createTestDatabase } from 'tollgate/testing';
import { benchDeps } from './bench-deps.ts';
import { postgresCpu } from './proc-cpu.ts';

const SECRET = 'whsec_bench';
const HISTORIES = Number(process.env.BENCH_WEBHOOK_HISTORIES ?? 2000);
/** Deliveries in flight at once (Stripe delivers concurrently); one run per value. */
const IN_FLIGHT = (process.env.BENCH_WEBHOOK_IN_FLIGHT ?? '16,64').split(',').map(Number);
const BATCH_CONCURRENCY = Number(process.env.BENCH_WEBHOOK_BATCH_CONCURRENCY ?? 2);

async function templateEvents(stripe: Stripe, onEvent: (listener: (e: Stripe.Event) => void) => void): Promise<Stripe.Event[]> {
  const events: Stripe.Event[] = [];
  onEvent((e) => events.push(JSON.parse(JSON.stringify(e)) as Stripe.Event));
  const product = await stripe.products.create({ name: 'Pro', metadata: { tollgate_plan: 'pro' } });
  const price = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 2900,
    recurring: { interval: 'month' },
    lookup_key: 'tollgate:plan:pro:month',
  });
  const customer = await stripe.customers.create({ email: 'bench@example.com', metadata: { tollgate_external_id: 'bench' } });
  const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 3 }] });
  await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
  const wanted = new Set([
    'customer.created',
    'payment_method.attached',
    'customer.subscription.created',
    'invoice.created',
    'invoice.paid',
    'customer.subscription.updated',
  ]);
  return events.filter((e) => wanted.has(e.type));
}

/** One customer's history, with its own ids; each event one second after the previous, as Stripe's order would be. */
function cloneHistory(template: Stripe.Event[], n: number, base: number): { body: string; created: number }[] {
  const ids = new Set<string>();
  for (const e of template) {
    ids.add(e.id);
    const text = JSON.stringify(e.data.object);
    for (const m of text.matchAll(/"((?:cus|sub|si|in|pm|pi|ii)_[A-Za-z0-9]+)"/g)) if (m[1]) ids.add(m[1]);
  }
  return template.map((e, i) => {
    let body = JSON.stringify({ ...e, created: base + i });
    for (const id of ids) body = body.replaceAll(`"${id}"`, `"${id}x${n}"`);
    body = body.replaceAll('"tollgate_external_id":"bench"', `"tollgate_external_id":"bench${n}"`);
    return { body, created: base + i };
  });
}

export async function runWebhookBench(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('bench/webhooks needs DATABASE_URL (Postgres)');
  const emulator = await startEmulator({ port: 0 });
  const stripe = createStripeClient({ apiKey: 'sk_test_bench', baseUrl: emulator.url, maxNetworkRetries: 0 });
  try {
    const template = await templateEvents(stripe, (l) => emulator.emulator.onEvent((e) => l(e as Stripe.Event)));
    for (const inFlight of IN_FLIGHT) await ingestHistories(stripe, template, inFlight);
  } finally {
    await emulator.close();
  }
}

/** Delivers HISTORIES customer histories, `inFlight` deliveries at a time, to a handler on a fresh schema. */
async function ingestHistories(stripe: Stripe, template: Stripe.Event[], inFlight: number): Promise<void> {
  const database = await createTestDatabase({ poolSize: inFlight });
  try {
    const deps = benchDeps(defaultConfig, database.db, stripe);
    let batches = 0;
    const handler = createWebhookHandler(deps, { secret: SECRET, batch: { concurrency: BATCH_CONCURRENCY, onBatch: () => batches++ } });
    const base = Math.floor(Date.now() / 1000) - 200;
    const histories = Array.from({ length: HISTORIES }, (_, n) => cloneHistory(template, n, base));
    const total = histories.length * template.length;
    let failures = 0;
    const cpuBefore = process.cpuUsage();
    const pgBefore = postgresCpu();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < histories.length) {
          const history = histories[next++] ?? [];
          for (const { body } of history) {
            const header = signatureHeader(body, SECRET, Math.floor(Date.now() / 1000));
            const response = await handler(new Request('http://bench/webhook', { method: 'POST', body, headers: { 'stripe-signature': header } }));
            if (response.status !== 200) failures++;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuPerEvent = (cpu.user + cpu.system) / total;
    const pgAfter = postgresCpu();
    const pgPerEvent = pgBefore === undefined || pgAfter === undefined ? 'n/a' : `${Math.round(((pgAfter - pgBefore) * 1e6) / total)} µs/event`;
    console.log(
      `webhooks: ${Math.round(total / seconds).toLocaleString('en-US')} events/s ingested+applied, ${inFlight} deliveries in flight (${total.toLocaleString('en-US')} events = ${HISTORIES} customer histories x ${template.length} real emulator event types, ${seconds.toFixed(1)} s, non-200: ${failures}; ${batches} batches, up to ${BATCH_CONCURRENCY} at once; CPU: engine + load generator ${Math.round(cpuPerEvent)} µs/event, Postgres ${pgPerEvent})`,
    );
    const dupStarted = performance.now();
    const first = histories[0] ?? [];
    for (let i = 0; i < 200; i++) {
      const { body } = first[i % first.length] ?? { body: '{}' };
      await handler(
        new Request('http://bench/webhook', {
          method: 'POST',
          body,
          headers: { 'stripe-signature': signatureHeader(body, SECRET, Math.floor(Date.now() / 1000)) },
        }),
      );
    }
    console.log(`webhooks: duplicate delivery ${(((performance.now() - dupStarted) / 200) * 1000).toFixed(0)} µs each (sequential)`);
  } finally {
    await database.close();
  }
}
