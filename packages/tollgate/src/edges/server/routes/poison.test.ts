import { beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../../core/lib/result.ts';
import { pushConfig } from '../../../commands/push/push.ts';
import { testDriver } from '../../../testing/db.ts';
import { createTestApp } from '../app.test-support.ts';
import { perSuite } from '../../../testing/per-test.test-support.ts';

/* The malformed requests of issue 15 that reached the database as 500s, or wrote something, over real HTTP. */
describe.each(['fetch', 'node'] as const)(`bad input never reaches the database (${testDriver()}, %s)`, (transport) => {
  const t = perSuite(() => createTestApp({ transport, deps: { stripe: transport === 'fetch', now: '2026-03-31T23:00:00Z' } }));
  beforeAll(async () => {
    if (transport === 'fetch') unwrap(await pushConfig(t.deps, { apply: true }));
  });

  const post = (path: string, body: unknown) => t.call('POST', `/api/v1/billing/${path}`, { auth: t.secretKey, body });
  async function refused(response: Response, status: number, code: string, param?: string) {
    const body = (await response.json()) as { error: { code: string; param?: string } };
    expect(response.status, JSON.stringify(body)).toBe(status);
    expect(body.error.code).toBe(code);
    if (param !== undefined) expect(body.error.param).toBe(param);
  }

  it('usage timestamps outside [now - 35 days, now + 5 minutes], or not ISO / integer ms, are 400 naming the field; nothing written', async () => {
    const before = await t.rowCounts();
    for (const timestamp of [0, -1, '0001-01-01', -8.64e15, 8.64e15, '2026-02-24T22:59:59Z', '2026-03-31T23:05:01Z', 1.5, 'yesterday', '2026-03-31T10:00:00']) {
      await refused(await post('track', { customer: 'ts', feature: 'messages', timestamp }), 400, 'validation_failed', 'timestamp');
      await refused(
        await post('track/batch', { customer: 'ts', events: [{ feature: 'messages' }, { feature: 'messages', timestamp }] }),
        400,
        'validation_failed',
        'events.1.timestamp',
      );
    }
    expect(await t.rowCounts()).toEqual(before);
    const edge = await post('track', { customer: 'ts', feature: 'messages', timestamp: '2026-02-24T23:00:00Z' });
    expect(edge.status).toBe(200);
    expect(await edge.json()).toMatchObject({ timestamp: '2026-02-24T23:00:00.000Z' });
  });

  it('a lone surrogate never becomes U+FFFD: refused as a key or customer, while a real U+FFFD key is its own key', async () => {
    const before = await t.rowCounts();
    await refused(await post('track', { customer: 'sur', feature: 'messages', idempotency_key: 'k\ud800' }), 400, 'validation_failed', 'idempotency_key');
    await refused(await post('consume', { customer: 'sur\udc00', feature: 'messages' }), 400, 'validation_failed', 'customer');
    await refused(
      await post('track', { customer: 'sur', feature: 'messages', properties: { deep: { note: 'x\u0000' } } }),
      400,
      'validation_failed',
      'properties.deep.note',
    );
    expect(await t.rowCounts()).toEqual(before);
    const legit = await post('track', { customer: 'sur', feature: 'messages', idempotency_key: 'k\ufffd' });
    expect(await legit.json()).toMatchObject({ duplicate: false, idempotency_key: 'k\ufffd' });
    const other = await post('track', { customer: 'sur', feature: 'messages', idempotency_key: 'k\ufffd\ufffd' });
    expect(await other.json()).toMatchObject({ duplicate: false });
  });

  it('a reused idempotency key with another body is 409 idempotency_conflict on track, usage/record, consume and batches; nothing written', async () => {
    expect((await post('track', { customer: 'idem', feature: 'messages', amount: 2, idempotency_key: 'a' })).status).toBe(200);
    expect((await post('consume', { customer: 'idem', feature: 'messages', amount: 1, idempotency_key: 'c' })).status).toBe(200);
    const before = await t.rowCounts();
    await refused(
      await post('track', { customer: 'idem', feature: 'messages', amount: 3, idempotency_key: 'a' }),
      409,
      'idempotency_conflict',
      'idempotency_key',
    );
    await refused(
      await post('usage/record', { customer: 'idem', feature: 'messages', amount: 2, idempotency_key: 'a', properties: { x: 1 } }),
      409,
      'idempotency_conflict',
    );
    await refused(
      await post('consume', { customer: 'idem', feature: 'messages', amount: 5, idempotency_key: 'c' }),
      409,
      'idempotency_conflict',
      'idempotency_key',
    );
    await refused(await post('consume', { customer: 'idem', feature: 'messages', amount: 3, idempotency_key: 'a' }), 409, 'idempotency_conflict');
    const batch = {
      customer: 'idem',
      events: [
        { feature: 'messages', idempotency_key: 'fresh' },
        { feature: 'messages', amount: 9, idempotency_key: 'a' },
      ],
    };
    await refused(await post('track/batch', batch), 409, 'idempotency_conflict', 'events.1.idempotency_key');
    expect(await t.rowCounts()).toEqual(before);
    // The same bodies again are retries: answered with the originals.
    expect(await (await post('usage/record', { customer: 'idem', feature: 'messages', amount: 2, idempotency_key: 'a' })).json()).toMatchObject({
      duplicate: true,
    });
    expect(await (await post('consume', { customer: 'idem', feature: 'messages', amount: 1, idempotency_key: 'c' })).json()).toMatchObject({
      event: { duplicate: true },
    });
  });

  it.runIf(transport === 'fetch')('a refused checkout leaves no customer row without a Stripe customer', async () => {
    const before = await t.rowCounts();
    const urls = { success_url: 'https://app.example/ok', cancel_url: 'https://app.example/no' };
    await refused(await post('checkout/session', { customer: 'buyer\ud800', plan: 'pro', ...urls }), 400, 'validation_failed', 'customer');
    await refused(
      await post('checkout/session', { customer: 'buyer', plan: 'pro', ...urls, metadata: { note: 'nul\u0000' } }),
      400,
      'validation_failed',
      'metadata.note',
    );
    await refused(
      await post('checkout/purchase', { customer: 'buyer', amount: { amount: 100, currency: 'usd', name: 'x\udfff' }, ...urls }),
      400,
      'validation_failed',
      'amount.name',
    );
    expect(await t.rowCounts()).toEqual(before);
    expect((await t.deps.stripe.customers.list({ limit: 100 })).data).toHaveLength(0);
  });
});
