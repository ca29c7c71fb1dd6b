import { like } from 'drizzle-orm';
import { pushConfig } from '../commands/push/push.ts';
import { outbox } from '../core/db/schema/outbox.ts';
import { unwrap } from '../core/lib/result.ts';
import { createWebhookTestbed, type WebhookTestbed } from '../stripe-in/webhooks/test-support.ts';
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

export { payOnHostedPage } from '../testing/hosted-checkout.test-support.ts';

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

/** A webhook test bed on the license config, its plans and products pushed to the emulator. */
export async function licenseTestbed(): Promise<WebhookTestbed> {
  const bed = await createWebhookTestbed({ config: licenseTestConfig });
  unwrap(await pushConfig(bed.deps, { apply: true }));
  return bed;
}

/** The types of the license hooks in the outbox, oldest first. */
export async function licenseHookTypes(deps: Deps): Promise<string[]> {
  return (await deps.db.select().from(outbox).where(like(outbox.type, 'license.%')).orderBy(outbox.id)).map((h) => h.type);
}
