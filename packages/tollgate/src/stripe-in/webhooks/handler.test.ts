import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../core/db/sql.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import { createStripeClient } from '../../core/stripe/client.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { createWebhookHandler } from './handler.ts';
import { deliver, recordEvents, signedRequest, TEST_SECRET } from './test-support.ts';
import { signatureHeader } from './verify-signature.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

async function count(deps: TestDeps, table: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(deps.db, sql.raw(`select count(*)::int as n from ${table}`));
  return row?.n ?? -1;
}

describe('webhook handler', () => {
  const deps = perTest(createTestDeps);
  let handler: (request: Request) => Promise<Response>;
  let event: object;
  let body: string;
  let now: number;

  beforeEach(async () => {
    now = unixSeconds(deps.clock.now());
    handler = createWebhookHandler(deps, { secret: TEST_SECRET });
    const events = recordEvents(deps);
    await deps.stripe.customers.create({ email: 'ada@example.com', metadata: { tollgate_external_id: 'user_1' } });
    const created = events.find((e) => e.type === 'customer.created');
    if (!created) throw new Error('the emulator emitted no customer.created');
    event = created;
    body = JSON.stringify(event);
  });

  async function expectRejected(request: Request, message: RegExp): Promise<void> {
    const response = await handler(request);
    expect(response.status).toBe(400);
    const json = (await response.json()) as { error: { code: string; message: string; param?: string } };
    expect(json.error.code).toBe('invalid_request');
    expect(json.error.param).toBe('Stripe-Signature');
    expect(json.error.message).toMatch(message);
    expect(await count(deps, 'payment_events')).toBe(0);
    expect(await count(deps, 'customers')).toBe(0);
  }

  it('rejects a missing signature, storing nothing', async () => {
    await expectRejected(signedRequest(body, { header: null }), /missing/);
  });

  it('rejects a forged signature (wrong secret)', async () => {
    await expectRejected(
      signedRequest(body, { secret: 'whsec_attacker', timestamp: now }),
      /no .* signature matches the body: check that STRIPE_WEBHOOK_SECRET is the signing secret of this endpoint/,
    );
  });

  it('rejects a tampered body', async () => {
    const header = signatureHeader(body, TEST_SECRET, now);
    const tampered = body.replace('ada@example.com', 'eve@example.com');
    expect(tampered).not.toBe(body);
    await expectRejected(signedRequest(tampered, { header }), /no .* signature matches/);
  });

  it('rejects a replay after the tolerance, and a malformed header', async () => {
    await expectRejected(signedRequest(body, { timestamp: now - 301 }), /tolerance/);
    await expectRejected(signedRequest(body, { header: 'v1=abc' }), /malformed/);
  });

  it('honours a configured tolerance', async () => {
    handler = createWebhookHandler(deps, { secret: TEST_SECRET, toleranceSeconds: 10 });
    await expectRejected(signedRequest(body, { timestamp: now - 11 }), /10 s tolerance/);
    expect((await handler(signedRequest(body, { timestamp: now - 9 }))).status).toBe(200);
  });

  it('stores and applies a verified event once; a duplicate changes nothing', async () => {
    expect(await deliver(handler, deps, event)).toBe(200);
    const [customer] = await queryRows<{ external_id: string; email: string; updated_at: Date }>(
      deps.db,
      sql`select external_id, email, updated_at from customers`,
    );
    expect(customer).toMatchObject({ external_id: 'user_1', email: 'ada@example.com' });
    deps.clock.advance(5_000);
    const second = await handler(signedRequest(body, { timestamp: unixSeconds(deps.clock.now()) }));
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ outcome: 'duplicate' });
    const after = await queryRows<{ updated_at: Date }>(deps.db, sql`select updated_at from customers`);
    expect(after).toEqual([{ updated_at: customer?.updated_at }]);
    expect(await count(deps, 'payment_events')).toBe(1);
  });

  it('stores types it does not handle and answers 200', async () => {
    const unknown = {
      ...event,
      id: 'evt_unknown_1',
      type: 'radar.early_fraud_warning.created',
      data: { object: { id: 'issfr_1', object: 'radar.early_fraud_warning' } },
    };
    const response = await handler(signedRequest(JSON.stringify(unknown), { timestamp: now }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: 'ignored' });
    const rows = await queryRows<{ type: string; processed: boolean }>(deps.db, sql`select type, processed_at is not null as processed from payment_events`);
    expect(rows).toEqual([{ type: 'radar.early_fraud_warning.created', processed: true }]);
  });

  it('answers 400 naming the field for a signed body that is not an event', async () => {
    const bad = JSON.stringify({ type: 'customer.created' });
    const response = await handler(signedRequest(bad, { timestamp: now }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_request', param: 'id' } });
    expect(await count(deps, 'payment_events')).toBe(0);
  });

  it('answers 500 on a transient failure, then processes the retry', async () => {
    expect(await deliver(handler, deps, event)).toBe(200);
    // Same second as the stored state: the order is in doubt, so the mirror refetches; Stripe is down.
    const update = { ...event, id: 'evt_same_second', type: 'customer.updated' };
    const down = createWebhookHandler(
      { ...deps, stripe: createStripeClient({ apiKey: 'sk_test_x', baseUrl: 'http://127.0.0.1:9', maxNetworkRetries: 0 }) },
      { secret: TEST_SECRET },
    );
    expect(await deliver(down, deps, update)).toBe(500);
    const [failed] = await queryRows<{ processed_at: Date | null; error: string | null }>(
      deps.db,
      sql`select processed_at, error from payment_events where id = 'evt_same_second'`,
    );
    expect(failed?.processed_at).toBeNull();
    expect(failed?.error).toBeTruthy();
    expect(await deliver(handler, deps, update)).toBe(200);
    const [retried] = await queryRows<{ processed: boolean; error: string | null }>(
      deps.db,
      sql`select processed_at is not null as processed, error from payment_events where id = 'evt_same_second'`,
    );
    expect(retried).toEqual({ processed: true, error: null });
  });

  it('concurrent deliveries of one event process it once', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, () => handler(signedRequest(body, { timestamp: now }))));
    const outcomes = await Promise.all(responses.map(async (r) => [r.status, ((await r.json()) as { outcome: string }).outcome]));
    expect(outcomes.filter(([, o]) => o === 'processed')).toEqual([[200, 'processed']]);
    expect(outcomes.filter(([s, o]) => s === 200 && o === 'duplicate')).toHaveLength(5);
    expect(await count(deps, 'payment_events')).toBe(1);
    expect(await count(deps, 'customers')).toBe(1);
  });

  it('concurrent events about one new customer leave one row', async () => {
    const updated = { ...event, id: 'evt_concurrent_update', type: 'customer.updated', created: (event as { created: number }).created + 1 };
    const statuses = await Promise.all([deliver(handler, deps, event), deliver(handler, deps, updated)]);
    expect(statuses).toEqual([200, 200]);
    expect(await count(deps, 'customers')).toBe(1);
    const [row] = await queryRows<{ source_at: string }>(deps.db, sql`select source_at from customers`);
    expect(Number(row?.source_at)).toBe((event as { created: number }).created + 1);
  });
});
