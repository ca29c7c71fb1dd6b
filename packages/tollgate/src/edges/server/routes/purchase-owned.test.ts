import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../core/config/default-config.ts';
import type { TollgateConfig } from '../../../core/config/types.ts';
import { unwrap } from '../../../core/lib/result.ts';
import { pushConfig } from '../../../commands/push/push.ts';
import { testDriver } from '../../../testing/db.ts';
import { createTestApp } from '../app.test-support.ts';
import { perSuite } from '../../../testing/per-test.test-support.ts';

const config: TollgateConfig = { ...defaultConfig, products: { agent_template: { name: 'Agent template', price: 900 } } };
const urls = { success_url: 'https://app.example/ok?session_id={CHECKOUT_SESSION_ID}', cancel_url: 'https://app.example/store' };
const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };

describe(`a one-time purchase is sold once (real HTTP, emulator, ${testDriver()})`, () => {
  const t = perSuite(() => createTestApp({ deps: { stripe: true, config }, transport: 'node' }));
  beforeAll(async () => {
    unwrap(await pushConfig(t.deps, { apply: true }));
  });

  const post = (path: string, auth: string, body: unknown) => t.call('POST', `/api/v1/billing/${path}`, { auth, body });
  async function buy(auth: string, body: Record<string, unknown>): Promise<void> {
    const started = await post('checkout/purchase', auth, { ...urls, ...body });
    const session = (await started.json()) as { id: string; url: string };
    expect(started.status, JSON.stringify(session)).toBe(201);
    const paid = await fetch(session.url, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' });
    expect(paid.status).toBe(303);
    expect((await post('checkout/sync', auth, { session_id: session.id, ...('customer' in body ? { customer: body.customer } : {}) })).status).toBe(200);
  }
  /** Nothing written in the database, no Checkout Session created at Stripe. */
  async function snapshot() {
    return { rows: await t.rowCounts(), sessions: (await t.deps.stripe.checkout.sessions.list({ limit: 100 })).data.length };
  }
  async function expectOwned(response: Response, param: string) {
    const body = (await response.json()) as { error: { code: string; param?: string; message: string; purchase?: string } };
    expect(response.status, JSON.stringify(body)).toBe(409);
    expect(body.error).toMatchObject({ code: 'already_owned', param });
    expect(body.error.purchase).toMatch(/^cs_/); // the purchase that makes it owned
    return body.error.message;
  }

  it('a config product the customer owns: 409 already_owned naming product; nothing written, no Stripe call', async () => {
    const token = await t.tokenFor('u_owner');
    await buy(token, { product: 'agent_template' });
    const before = await snapshot();
    const message = await expectOwned(await post('checkout/purchase', token, { ...urls, product: 'agent_template' }), 'product');
    expect(message).toBe('You already own Agent template.');
    expect(await snapshot()).toEqual(before);
    // Another customer may still buy it.
    const other = await post('checkout/purchase', await t.tokenFor('u_other'), { ...urls, product: 'agent_template' });
    expect(other.status).toBe(201);
  });

  it('an ad-hoc marketplace item is identified by its metadata: the same agent is refused naming metadata, another agent is sold', async () => {
    const item = { customer: 'u_buyer', amount: { amount: 1200, currency: 'usd', name: 'Research agent' }, metadata: { agent_id: 'agt_research' } };
    await buy(t.secretKey, item);
    const before = await snapshot();
    expect(await expectOwned(await post('checkout/purchase', t.secretKey, { ...urls, ...item }), 'metadata')).toBe(
      'You already own this item (agent_id agt_research).',
    );
    expect(await snapshot()).toEqual(before);
    const another = await post('checkout/purchase', t.secretKey, { ...urls, ...item, metadata: { agent_id: 'agt_writer' } });
    expect(another.status).toBe(201);
    // An amount with no metadata names no item: never refused as owned.
    const bare = await post('checkout/purchase', t.secretKey, { ...urls, customer: 'u_buyer', amount: item.amount });
    expect(bare.status).toBe(201);
  });

  it('an unpaid (open) session does not make it owned', async () => {
    const token = await t.tokenFor('u_window');
    expect((await post('checkout/purchase', token, { ...urls, product: 'agent_template' })).status).toBe(201);
    expect((await post('checkout/purchase', token, { ...urls, product: 'agent_template', quantity: 2 })).status).toBe(201);
  });
});
