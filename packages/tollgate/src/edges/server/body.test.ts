import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDriver } from '../../testing/db.ts';
import { listen, type Listening } from './listen.ts';
import { createTestApp } from './app.test-support.ts';
import { perSuite } from '../../testing/per-test.test-support.ts';

/** A POST over a real socket: with Content-Length, or chunked (`chunks` written one by one, no length). */
function post(
  url: string,
  key: string,
  body: string | string[],
): Promise<{ status: number; json: { error?: { code: string; param?: string } } & Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const chunked = Array.isArray(body);
    const headers: Record<string, string | number> = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    if (!chunked) headers['content-length'] = Buffer.byteLength(body);
    const req = request(`${url}/api/v1/billing/track`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as never }));
    });
    req.on('error', reject);
    for (const chunk of chunked ? body : [body]) req.write(chunk);
    req.end();
  });
}

describe(`request bodies over a real listener (${testDriver()})`, () => {
  const t = perSuite(() => createTestApp({ app: { maxBodyBytes: 1000, webhookSecret: 'whsec_test_body' } }));
  let server: Listening;
  beforeAll(async () => {
    server = await listen(t.app.fetch, { port: 0 });
  });
  afterAll(() => server.close());

  it('reads a body with a Content-Length, and one sent in chunks', async () => {
    const sized = await post(server.url, t.secretKey, JSON.stringify({ customer: 'b1', feature: 'messages', amount: 2, idempotency_key: 'sized' }));
    expect(sized).toMatchObject({ status: 200, json: { customer: 'b1', amount: 2, duplicate: false } });
    const chunked = await post(server.url, t.secretKey, ['{"customer":"b1",', '"feature":"messages",', '"amount":3,"idempotency_key":"chunked"}']);
    expect(chunked).toMatchObject({ status: 200, json: { customer: 'b1', amount: 3, duplicate: false } });
    const usage = await t.call('POST', '/api/v1/billing/check', { auth: t.secretKey, body: { customer: 'b1', feature: 'messages' } });
    expect(await usage.json()).toMatchObject({ used: 5 });
  });

  it('refuses malformed JSON, bad fields and oversized bodies (either way of sending) and writes nothing', async () => {
    const before = await t.rowCounts();
    expect(await post(server.url, t.secretKey, '{"customer": "b2", ')).toMatchObject({ status: 400, json: { error: { code: 'invalid_request' } } });
    expect(await post(server.url, t.secretKey, '{"customer":"b2","feature":"messages","amount":-1}')).toMatchObject({
      status: 400,
      json: { error: { code: 'validation_failed', param: 'amount' } },
    });
    const big = JSON.stringify({ customer: 'b2', feature: 'messages', properties: { pad: 'x'.repeat(1200) } });
    expect(await post(server.url, t.secretKey, big)).toMatchObject({ status: 413, json: { error: { code: 'payload_too_large' } } });
    expect(await post(server.url, t.secretKey, [big.slice(0, 600), big.slice(600)])).toMatchObject({
      status: 413,
      json: { error: { code: 'payload_too_large' } },
    });
    expect(await t.rowCounts()).toEqual(before);
  });

  it("leaves Stripe's webhook its raw body: a bad signature is refused after the body is read", async () => {
    const response = await fetch(`${server.url}/api/v1/billing/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      body: JSON.stringify({ id: 'evt_body', object: 'event', type: 'customer.created', data: { object: {} } }),
    });
    expect(response.status).toBe(400);
  });
});
