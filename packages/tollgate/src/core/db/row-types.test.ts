import { describe, expectTypeOf, it } from 'vitest';
import type {
  CustomerRow,
  LicenseActivationRow,
  LicenseRow,
  LicenseSigningKeyRow,
  PurchaseRow,
  SubscriptionRow,
  WebhookDelivery,
  WebhookEndpoint,
} from './row-types.ts';
import type { licenseActivations } from './schema/license-activations.ts';
import type { licenseSigningKeys } from './schema/license-signing-keys.ts';
import type { licenses } from './schema/licenses.ts';
import type { customers } from './schema/customers.ts';
import type { purchases } from './schema/purchases.ts';
import type { subscriptions } from './schema/subscriptions.ts';
import type { webhookDeliveries } from './schema/webhook-deliveries.ts';
import type { webhookEndpoints } from './schema/webhook-endpoints.ts';

type Flat<T> = { [K in keyof T]: T[K] };

// Checked by the type checker (npm run typecheck): a table changed without its row type fails here.
describe('public row types', () => {
  it('equal the Drizzle tables they are read from', () => {
    expectTypeOf<CustomerRow>().toEqualTypeOf<Flat<typeof customers.$inferSelect>>();
    expectTypeOf<SubscriptionRow>().toEqualTypeOf<Flat<typeof subscriptions.$inferSelect>>();
    expectTypeOf<PurchaseRow>().toEqualTypeOf<Flat<typeof purchases.$inferSelect>>();
    expectTypeOf<WebhookEndpoint>().toEqualTypeOf<Flat<typeof webhookEndpoints.$inferSelect>>();
    expectTypeOf<WebhookDelivery>().toEqualTypeOf<Flat<typeof webhookDeliveries.$inferSelect>>();
    expectTypeOf<LicenseRow>().toEqualTypeOf<Flat<typeof licenses.$inferSelect>>();
    expectTypeOf<LicenseActivationRow>().toEqualTypeOf<Flat<typeof licenseActivations.$inferSelect>>();
    expectTypeOf<LicenseSigningKeyRow>().toEqualTypeOf<Flat<typeof licenseSigningKeys.$inferSelect>>();
  });
});
