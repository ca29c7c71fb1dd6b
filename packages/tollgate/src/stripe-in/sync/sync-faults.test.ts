import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../edges/cli/run.ts';
import { customers } from '../../core/db/schema/customers.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { testDriver } from '../../testing/db.ts';
import { SCENARIO_TIMEOUT_MS } from '../../testing/now.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { retryDelayMs, withStripeRetries } from './retry-stripe.ts';
import { syncStripe } from './sync-stripe.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const NUL = '\u0000';

async function faults(deps: TestDeps, settings: object | null): Promise<void> {
  const url = `${deps.testStripe?.emulator.url ?? ''}/_emulator/faults`;
  const response = await fetch(
    url,
    settings ? { method: 'POST', body: JSON.stringify(settings), headers: { 'content-type': 'application/json' } } : { method: 'DELETE' },
  );
  if (!response.ok) throw new Error(`faults: ${response.status}`);
}

/** The CLI's environment for this test's database: the same Postgres schema, or a PGlite folder of its own. */
function cliEnv(deps: TestDeps, dir: string): { env: NodeJS.ProcessEnv; args: string[] } {
  const base = { INIT_CWD: dir, STRIPE_SECRET_KEY: 'sk_test_sync', STRIPE_API_BASE: deps.testStripe?.emulator.url ?? '', TOLLGATE_LOG_LEVEL: 'error' };
  const url = deps.database.url;
  if (!url) return { env: { ...base, DATABASE_URL: '' }, args: ['--data', dir] };
  const withSchema = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${deps.database.schema}`)}`;
  return { env: { ...base, DATABASE_URL: withSchema }, args: [] };
}

describe(`sync carries on and retries (${testDriver()})`, () => {
  const deps = perTest(() => createTestDeps({ now: '2026-03-31T23:00:00Z' }));
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-sync-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // A scenario: the CLI opens (on PGlite: creates and migrates) a database of its own.
  it(
    'stores an object with a NUL altered, reports one it cannot store, syncs everything after it, and the CLI exits 1 at the end only',
    { timeout: SCENARIO_TIMEOUT_MS },
    async () => {
      const product = await deps.stripe.products.create({ name: 'Seats' });
      const free = await deps.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 0, recurring: { interval: 'month' } });
      const made: string[] = [];
      for (let i = 0; i < 5; i++) {
        const note = i === 1 ? `poison${NUL}` : `n${i}`;
        made.push((await deps.stripe.customers.create({ email: `c${i}@example.com`, metadata: { note } })).id);
      }
      // A quantity no Postgres integer holds: this subscription cannot be mirrored as it stands.
      const huge = await deps.stripe.subscriptions.create({ customer: made[0] ?? '', items: [{ price: free.id, quantity: 3_000_000_000 }] });
      const fine = await deps.stripe.subscriptions.create({ customer: made[4] ?? '', items: [{ price: free.id, quantity: 2 }] });

      const result = await syncStripe(deps, { pageSize: 2, retry: { sleep: () => Promise.resolve() } });
      expect(result.failures).toEqual([{ resource: 'subscriptions', id: huge.id, error: expect.stringMatching(/out of range/) as unknown }]);
      expect(result.applied.customers).toBe(5);
      expect((await deps.db.select({ id: subscriptions.id }).from(subscriptions)).map((s) => s.id)).toEqual([fine.id]);
      const [poisoned] = await deps.db
        .select()
        .from(customers)
        .where(eq(customers.stripeCustomerId, made[1] ?? ''));
      expect(poisoned?.metadata).toEqual({ note: 'poison\ufffd' });

      const out: string[] = [];
      const err: string[] = [];
      const { env, args } = cliEnv(deps, dir);
      const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env, stopSignal: new Promise<string>(() => {}) };
      const code = await runCli(['sync', '--restart', ...args], io);
      expect(code).toBe(1);
      expect(out.at(-1)).toMatch(/^Synced: \d+ products, \d+ prices, 5 customers, 1 subscriptions, /);
      expect(err).toEqual([
        expect.stringMatching(new RegExp(`^tollgate sync: subscriptions ${huge.id}: .*out of range`)),
        'tollgate sync: 1 could not be applied (everything else was synced); repair one with tollgate sync --id ID',
      ]);
    },
  );

  it('succeeds under 15% injected 429s and 500s: every object lands, none reported', async () => {
    const made: string[] = [];
    for (let i = 0; i < 24; i++) made.push((await deps.stripe.customers.create({ email: `f${i}@example.com` })).id);
    for (const id of made.slice(0, 6)) await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: id });
    await faults(deps, { rate: 0.15, kinds: ['rate_limit', 'server_error'] });
    const delays: number[] = [];
    const result = await syncStripe(deps, { pageSize: 4, retry: { sleep: (ms) => Promise.resolve(void delays.push(ms)) } });
    await faults(deps, null);
    expect(result.failures).toEqual([]);
    expect(result.retries).toBe(delays.length);
    expect(result.applied).toMatchObject({ customers: 24, payment_methods: 6 });
    expect((await deps.db.select({ id: customers.stripeCustomerId }).from(customers)).map((c) => c.id).sort()).toEqual([...made].sort());
  });
});

describe('withStripeRetries', () => {
  const rateLimited = () => new Stripe.errors.StripeRateLimitError({ message: 'slow down', type: 'rate_limit_error' } as never);
  const serverError = () => Object.assign(new Stripe.errors.StripeAPIError({ message: 'boom', type: 'api_error' } as never), { statusCode: 500 });

  it('retries 429 and 500 with growing delays, and gives up on other errors at once', async () => {
    const delays: number[] = [];
    const sleep = (ms: number) => Promise.resolve(void delays.push(ms));
    let calls = 0;
    const value = await withStripeRetries(
      () => {
        calls++;
        if (calls === 1) throw rateLimited();
        if (calls <= 3) throw serverError();
        return Promise.resolve('ok');
      },
      { sleep, random: () => 1 },
    );
    expect(value).toBe('ok');
    expect(delays).toEqual([500, 1000, 2000]);
    const refused = new Stripe.errors.StripeInvalidRequestError({ message: 'no such customer', type: 'invalid_request_error' } as never);
    await expect(withStripeRetries(() => Promise.reject(refused), { sleep })).rejects.toBe(refused);
    expect(delays).toHaveLength(3);
    await expect(withStripeRetries(() => Promise.reject(rateLimited()), { sleep, attempts: 3 })).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(delays).toHaveLength(5);
  });

  it('caps the delay and keeps it in the upper half of its step', () => {
    expect(retryDelayMs(10, { random: () => 0 })).toBe(4000);
    expect(retryDelayMs(10, { random: () => 0.999 })).toBe(7996);
    expect(retryDelayMs(1, { random: () => 0 })).toBe(250);
  });
});
