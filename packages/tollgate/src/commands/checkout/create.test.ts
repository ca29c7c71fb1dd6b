import { describe, expect, it } from 'vitest';
import { customers } from '../../core/db/schema/customers.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { createCheckout, type CreateCheckoutInput } from './create.ts';
import { createPurchaseCheckout } from './create-purchase.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const urls = { successUrl: 'https://app.test/billing/success?session={CHECKOUT_SESSION_ID}', cancelUrl: 'https://app.test/billing' };

describe('createCheckout and createPurchaseCheckout: refusals', () => {
  const deps = perTest(createTestDeps);

  async function expectNothingWritten() {
    expect(await deps.db.select().from(customers)).toEqual([]);
    expect((await deps.stripe.customers.list()).data).toEqual([]);
  }

  it('names the field for bad input, unknown and non-self-serve plans, and writes nothing', async () => {
    const cases: [unknown, string, string][] = [
      [{ customer: '', plan: 'pro', ...urls }, 'validation_failed', 'customer'],
      [{ customer: 'u1', plan: 'pro', ...urls, successUrl: '/relative' }, 'validation_failed', 'successUrl'],
      [{ customer: 'u1', plan: 'pro', ...urls, cancelUrl: 'ftp://x.test' }, 'validation_failed', 'cancelUrl'],
      [{ customer: 'u1', plan: 'pro', ...urls, email: 'nope' }, 'validation_failed', 'email'],
      [{ customer: 'u1', plan: 'pro', ...urls, seats: 1.5 }, 'validation_failed', 'seats'],
      [{ customer: 'u1', plan: 'pro', ...urls, trialDays: -1 }, 'validation_failed', 'trialDays'],
      [{ customer: 'u1', plan: 'pro', interval: 'week', ...urls }, 'validation_failed', 'interval'],
      [{ customer: 'u1', plan: 'pro', priceId: 'price_1', ...urls }, 'validation_failed', 'priceId'],
      [{ customer: 'u1', ...urls }, 'validation_failed', 'plan'],
      [{ customer: 'u1', plan: 'pro', ...urls, metadata: { tenant: 7 } }, 'validation_failed', 'metadata.tenant'],
      [{ customer: 'u1', plan: 'gold', ...urls }, 'plan_not_found', 'plan'],
      [{ customer: 'u1', plan: 'enterprise', ...urls }, 'plan_not_self_serve', 'plan'],
      [{ customer: 'u1', plan: 'free', ...urls }, 'plan_not_self_serve', 'plan'],
      [{ customer: 'u1', plan: 'pro', seats: 3, ...urls }, 'validation_failed', 'seats'],
      [{ customer: 'u1', plan: 'business', interval: 'year', ...urls }, 'price_not_found', 'interval'],
      // The config has the plan, but nobody ran push: Stripe has no price.
      [{ customer: 'u1', plan: 'pro', ...urls }, 'price_not_found', 'plan'],
      [{ customer: 'u1', priceId: 'price_missing', ...urls }, 'price_not_found', 'priceId'],
    ];
    for (const [input, code, param] of cases) {
      const result = await createCheckout(deps, input as CreateCheckoutInput);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code, param } });
    }
    await expectNothingWritten();
  });

  it('refuses one-time purchases of unknown products or bad amounts, naming the field', async () => {
    const cases: [unknown, string, string][] = [
      [{ customer: 'u1', product: 'agent', ...urls }, 'product_not_found', 'product'],
      [{ customer: 'u1', amount: { amount: 0, currency: 'usd', name: 'Agent' }, ...urls }, 'validation_failed', 'amount.amount'],
      [{ customer: 'u1', amount: { amount: 500, currency: 'dollars', name: 'Agent' }, ...urls }, 'validation_failed', 'amount.currency'],
      [{ customer: 'u1', amount: { amount: 500, currency: 'usd', name: '' }, ...urls }, 'validation_failed', 'amount.name'],
      [{ customer: 'u1', ...urls }, 'validation_failed', 'product'],
      [{ customer: 'u1', product: 'agent', quantity: 0, ...urls }, 'validation_failed', 'quantity'],
    ];
    for (const [input, code, param] of cases) {
      const result = await createPurchaseCheckout(deps, input as never);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code, param } });
    }
    await expectNothingWritten();
  });
});
