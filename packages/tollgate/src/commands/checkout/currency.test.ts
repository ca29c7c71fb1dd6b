import { beforeEach, describe, expect, it } from 'vitest';
import type { TollgateConfig } from '../../core/config/types.ts';
import { validateConfig } from '../../core/config/validate.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import { computeMrr } from '../../reads/metrics/compute-mrr.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../push/push.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { createCheckout } from './create.ts';
import { syncCheckoutSession } from './sync.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };
const urls = { successUrl: 'https://app.test/ok', cancelUrl: 'https://app.test/no' };
const config: TollgateConfig = {
  currency: 'usd',
  features: { messages: { type: 'metered', reset: 'month' } },
  plans: {
    free: { name: 'Free', default: true, features: { messages: 10 } },
    pro: {
      name: 'Pro',
      prices: { monthly: 1500, yearly: 15_000 },
      currencies: { eur: { monthly: 1400 }, jpy: { monthly: 2200, yearly: 22_000 } },
      features: { messages: 1000 },
    },
  },
};

function problems(raw: unknown): string[] {
  const result = validateConfig(raw);
  return result.ok ? [] : result.error.map((e) => e.message);
}

describe('plan prices in several currencies: the config', () => {
  it('names a bad currency, the base currency, an interval without a base price and overage', () => {
    const pro = config.plans.pro;
    const withCurrencies = (currencies: unknown, extra: object = {}) => ({
      ...config,
      plans: { ...config.plans, pro: { ...pro, prices: { monthly: 1500 }, currencies, ...extra } },
    });
    expect(problems(withCurrencies({ euro: { monthly: 1 } }))).toEqual([
      'tollgate.config.ts: plans.pro.currencies.euro: invalid currency "euro": expected a three-letter ISO code',
    ]);
    expect(problems(withCurrencies({ EUR: { monthly: 1 } }))).toEqual([
      'tollgate.config.ts: plans.pro.currencies.EUR: write the currency in lowercase ("eur")',
    ]);
    expect(problems(withCurrencies({ usd: { monthly: 1 } }))).toEqual([
      "tollgate.config.ts: plans.pro.currencies.usd: usd is the config's currency: its prices are the plan's prices",
    ]);
    expect(problems(withCurrencies({ eur: { yearly: 1 } }))).toEqual([
      'tollgate.config.ts: plans.pro.currencies.eur.yearly: the plan has no yearly price in usd to offer in eur',
    ]);
    expect(problems(withCurrencies({ eur: { monthly: 1 } }, { features: { messages: { included: 5, overage: { amount: 1 } } } }))).toEqual([
      'tollgate.config.ts: plans.pro.currencies: "messages" has overage, billed in usd only: a plan with overage cannot list other currencies',
    ]);
  });
});

describe(`plan prices in several currencies on Stripe (emulator, ${testDriver()})`, () => {
  const deps = perTest(() => createTestDeps({ config }));
  beforeEach(async () => {
    unwrap(await pushConfig(deps, { apply: true }));
  });

  async function pay(customer: string, session: { id: string; url: string }) {
    const paid = await fetch(session.url, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' });
    expect(paid.status, await paid.text()).toBe(303);
    const synced = unwrap(await syncCheckoutSession(deps, session.id, { customer }));
    const sub = await deps.stripe.subscriptions.retrieve(synced.subscription?.id ?? '');
    const invoice = await deps.stripe.invoices.retrieve(typeof sub.latest_invoice === 'string' ? sub.latest_invoice : '');
    return { sub, invoice };
  }

  it('pushes currency_options once, and bills a EUR and a JPY customer on the same plan in their currencies', async () => {
    const [monthly] = (await deps.stripe.prices.list({ lookup_keys: ['tollgate:plan:pro:month'], expand: ['data.currency_options'] })).data;
    expect(monthly?.currency_options?.eur?.unit_amount).toBe(1400);
    expect(monthly?.currency_options?.jpy?.unit_amount).toBe(2200);
    expect(unwrap(await pushConfig(deps, { apply: false })).plan.steps).toEqual([]);

    // The EUR customer's currency is set on the customer; the JPY one's is passed by the operator.
    unwrap(await getOrCreateCustomer(deps, { externalId: 'acme_fr', currency: 'EUR' }));
    const eur = await pay('acme_fr', unwrap(await createCheckout(deps, { customer: 'acme_fr', plan: 'pro', ...urls })));
    expect(eur.sub.currency).toBe('eur');
    expect(eur.invoice).toMatchObject({ currency: 'eur', amount_due: 1400, status: 'paid' });
    const jpy = await pay('acme_jp', unwrap(await createCheckout(deps, { customer: 'acme_jp', plan: 'pro', interval: 'year', currency: 'jpy', ...urls })));
    expect(jpy.invoice).toMatchObject({ currency: 'jpy', amount_due: 22_000, status: 'paid' });
    const usd = await pay('acme_us', unwrap(await createCheckout(deps, { customer: 'acme_us', plan: 'pro', ...urls })));
    expect(usd.invoice).toMatchObject({ currency: 'usd', amount_due: 1500 });

    // MRR per currency, as ever: JPY's yearly ¥22,000 is ¥1,833 a month.
    expect(await computeMrr(deps)).toEqual([
      { currency: 'eur', mrr: 1400, arr: 16_800, subscriptions: 1 },
      { currency: 'jpy', mrr: 1833, arr: 22_000, subscriptions: 1 },
      { currency: 'usd', mrr: 1500, arr: 18_000, subscriptions: 1 },
    ]);
  });

  it('refuses a currency the plan lacks by name, writing nothing', async () => {
    const before = (await deps.stripe.customers.list({ limit: 100 })).data.length;
    const refused = await createCheckout(deps, { customer: 'acme_uk', plan: 'pro', currency: 'gbp', ...urls });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'currency_not_supported', param: 'currency', message: 'plan "pro" (monthly) is not priced in GBP (currencies: usd, eur, jpy)' },
    });
    const yearlyEur = await createCheckout(deps, { customer: 'acme_uk', plan: 'pro', interval: 'year', currency: 'eur', ...urls });
    expect(yearlyEur).toMatchObject({ ok: false, error: { code: 'currency_not_supported', param: 'currency' } });
    expect((await deps.stripe.customers.list({ limit: 100 })).data).toHaveLength(before);
    expect((await deps.stripe.checkout.sessions.list({ limit: 100 })).data).toHaveLength(0);
  });
});
