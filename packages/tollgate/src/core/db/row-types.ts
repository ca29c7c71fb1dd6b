/**
 * The mirror rows the library's public functions return, as plain types. They
 * equal the Drizzle tables' `$inferSelect` (row-types.test.ts checks it at
 * type level, so `npm run typecheck` fails when a table changes and these do
 * not); written out so the published declarations never reach Drizzle's own,
 * which do not type-check under a consumer's `skipLibCheck: false`.
 */

/** The columns every mirror of a Stripe object ends with (`mirrorColumns()` in db/schema/mirror-columns.ts). */
interface MirrorColumns {
  livemode: boolean;
  raw: unknown;
  stripeCreated: number;
  sourceAt: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The same columns on a row that can exist before Stripe has its object (`pendingMirrorColumns()`): null until applied. */
type PendingMirrorColumns = Omit<MirrorColumns, 'livemode' | 'stripeCreated' | 'sourceAt'> & {
  [K in 'livemode' | 'stripeCreated' | 'sourceAt']: MirrorColumns[K] | null;
};

/** Stripe's `metadata` (`metadataColumn()`). */
interface Metadata {
  metadata: Record<string, string>;
}

/** A row of `customers` (see db/schema/customers.ts). */
export interface CustomerRow extends PendingMirrorColumns, Metadata {
  id: string;
  externalId: string | null;
  name: string | null;
  stripeCustomerId: string | null;
  email: string | null;
  timeZone: string | null;
  defaultPaymentMethodId: string | null;
  currency: string | null;
  deleted: boolean;
}

/** A row of `subscriptions` (see db/schema/subscriptions.ts). */
export interface SubscriptionRow extends MirrorColumns, Metadata {
  id: string;
  stripeCustomerId: string;
  currency: string;
  customerId: string | null;
  planKey: string | null;
  planVersion: number | null;
  priceIds: string[];
  status: string;
  quantity: number | null;
  interval: string | null;
  intervalCount: number | null;
  amount: number;
  discountPercentOff: number | null;
  discountAmountOff: number | null;
  discounts: unknown[];
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: Date | null;
  canceledAt: Date | null;
  endedAt: Date | null;
  trialStart: Date | null;
  trialEnd: Date | null;
  startDate: Date | null;
  pastDueSince: Date | null;
  latestInvoiceId: string | null;
}

/** A row of `purchases` (see db/schema/purchases.ts). */
export interface PurchaseRow extends MirrorColumns, Metadata {
  id: string;
  externalId: string | null;
  stripeCustomerId: string | null;
  currency: string | null;
  customerId: string | null;
  status: string;
  productKey: string | null;
  priceId: string | null;
  paymentIntentId: string | null;
  paymentStatus: string;
  amountTotal: number | null;
  /** Minor units refunded so far (a full refund revokes a license the purchase granted). */
  amountRefunded: number;
  completedAt: Date | null;
  refundedAt: Date | null;
}

/** A row of `webhook_endpoints` (see db/schema/webhook-endpoints.ts). */
export interface WebhookEndpoint {
  id: string;
  createdAt: Date;
  url: string;
  secret: string;
  events: string[];
  disabledAt: Date | null;
}

/** A row of `webhook_deliveries` (see db/schema/webhook-deliveries.ts). */
export interface WebhookDelivery {
  id: string;
  createdAt: Date;
  endpointId: string;
  sourceId: string;
  type: string;
  payload: unknown;
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  failedAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
}

/** A row of `licenses` (see db/schema/licenses.ts). */
export interface LicenseRow {
  id: string;
  key: string;
  signingKeyId: string;
  stripeCustomerId: string | null;
  customerId: string | null;
  externalId: string;
  subscriptionId: string | null;
  purchaseId: string | null;
  planKey: string | null;
  productKey: string | null;
  features: string[];
  activationLimit: number;
  status: string;
  statusReason: string | null;
  issuedAt: Date;
  expiresAt: Date | null;
  statusChangedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** A row of `license_activations` (see db/schema/license-activations.ts). */
export interface LicenseActivationRow {
  id: string;
  licenseId: string;
  instance: string;
  name: string | null;
  createdAt: Date;
}

/** A row of `license_signing_keys` (see db/schema/license-signing-keys.ts). */
export interface LicenseSigningKeyRow {
  id: string;
  algorithm: string;
  publicKey: string;
  privateKey: string;
  sealedWith: string;
  status: string;
  createdAt: Date;
  rotatedAt: Date | null;
  retiredAt: Date | null;
}
