import type { Deps } from '../core/lib/deps.ts';
import { issueLicense } from './issue.ts';
import type { LicenseRow } from './row.ts';
import { defineConfig } from '../core/config/types.ts';

/** Plans and a one-time product that grant licenses (test support). */
export const licenseTestConfig = defineConfig({
  currency: 'usd',
  features: { export: { type: 'boolean' } },
  plans: {
    free: { name: 'Free', default: true, features: { export: false } },
    pro: { name: 'Pro', prices: { monthly: 1500 }, features: { export: true }, license: { activations: 3, features: ['export', 'sso'] } },
    team: { name: 'Team', prices: { monthly: 4900 }, features: { export: true } },
  },
  products: {
    'agent-pack': { name: 'Agent pack', price: 999, license: { activations: 1, features: ['agents'] } },
    'year-pass': { name: 'Year pass', price: 4900, license: { activations: 2, validFor: { days: 365 } } },
  },
  entitlements: { pastDueGraceDays: 7 },
  licenses: { leaseTtlSeconds: 3600 },
});

const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };

/** Pays a Checkout Session on the emulator's hosted page, as a buyer's browser posts the form. */
export async function payOnHostedPage(session: { url: string | null }, email = 'buyer@example.com'): Promise<void> {
  if (!session.url) throw new Error('the session has no url');
  const response = await fetch(session.url, {
    method: 'POST',
    body: new URLSearchParams({ email, ...CARD }),
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (response.status !== 303) throw new Error(`the hosted page answered ${response.status}: ${await response.text()}`);
}

/** A license issued through the real operation, for a purchase the mirror does not hold (its stored status stands). */
export async function issueTestLicense(deps: Deps, activations = 3): Promise<LicenseRow> {
  const row = await issueLicense(deps, {
    purchaseId: deps.ids.next('cs'),
    stripeCustomerId: null,
    customerId: null,
    externalId: 'user_1',
    planKey: null,
    productKey: 'agent-pack',
    grant: { activations, features: ['agents'] },
  });
  if (!row) throw new Error('not issued');
  return row;
}
