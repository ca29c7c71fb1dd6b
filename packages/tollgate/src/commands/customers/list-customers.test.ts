import { beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../core/lib/result.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { getOrCreateCustomer } from './get-or-create.ts';
import { getCustomer, listCustomers } from './list-customers.ts';
import { perSuite } from '../../testing/per-test.test-support.ts';

describe('listCustomers / getCustomer (the mirror, for admin screens and CLIs)', () => {
  const deps = perSuite(createTestDeps);
  let stripeId = '';
  beforeAll(async () => {
    stripeId = unwrap(await getOrCreateCustomer(deps, { externalId: 'usr_1', email: 'one@example.com', name: 'One', metadata: { team: 'a' } })).customer
      .stripeCustomerId;
    deps.clock.advance(1_000);
    unwrap(await getOrCreateCustomer(deps, { externalId: 'usr_2', email: 'two@example.com' }));
  });

  it('lists newest first, within the limit', async () => {
    expect(unwrap(await listCustomers(deps)).map((c) => c.externalId)).toEqual(['usr_2', 'usr_1']);
    expect(unwrap(await listCustomers(deps, { limit: 1 })).map((c) => c.externalId)).toEqual(['usr_2']);
    for (const limit of [0, 101, 1.5])
      expect(await listCustomers(deps, { limit })).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'limit' } });
  });

  it("finds one by the app's id or by its Stripe id, without Stripe's raw copy", async () => {
    const byApp = unwrap(await getCustomer(deps, 'usr_1'));
    expect(byApp).toEqual({
      externalId: 'usr_1',
      stripeCustomerId: stripeId,
      email: 'one@example.com',
      name: 'One',
      metadata: expect.objectContaining({ team: 'a' }) as unknown,
      createdAt: expect.any(Date) as unknown,
    });
    expect(unwrap(await getCustomer(deps, stripeId))).toEqual(byApp);
    expect(await getCustomer(deps, 'cus_other', 'id')).toMatchObject({ ok: false, error: { code: 'customer_not_found', param: 'id' } });
    for (const bad of ['', ' ', 42, undefined, 'x\u0000'])
      expect(await getCustomer(deps, bad, 'id')).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'id' } });
  });
});
