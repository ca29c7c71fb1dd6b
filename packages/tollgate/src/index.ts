// Public library surface of the `tollgate` package.
import './lib/node-version.ts';
export { type Clock, type ManualClock, manualClock, systemClock, unixSeconds } from './lib/clock.ts';
export type { Deps } from './lib/deps.ts';
export {
  type AppError,
  appError,
  ConfigError,
  ERROR_CODES,
  type ErrorBody,
  type ErrorCode,
  errorBody,
  httpStatus,
  TollgateError,
} from './lib/errors.ts';
export { createIds, idTime, type Ids } from './lib/ids.ts';
export { createLogger, type Logger, silentLogger } from './lib/log.ts';
export {
  addMoney,
  currencyExponent,
  formatMoney,
  fromDecimalString,
  type Money,
  money,
  multiplyMoney,
  subtractMoney,
  toDecimalString,
} from './lib/money.ts';
export { err, ok, type Result, unwrap } from './lib/result.ts';
export { connect, type ConnectOptions, type Database, type Db, type Driver } from './db/connect.ts';
export { migrate } from './db/migrate.ts';
export { type AppOptions, createApp, type TollgateApp } from './server/app.ts';
export { nodeHandler } from './server/node.ts';
export { listen } from './server/listen.ts';
export type { AppPrincipal, AuthenticateHook } from './auth/authenticate.ts';
export { createApiKey, listApiKeys, revokeApiKey } from './auth/keys.ts';
export { loadTokenSecret, mintCustomerToken, verifyCustomerToken } from './auth/tokens.ts';
export { createWebhookEndpoint, disableWebhookEndpoint, listWebhookEndpoints } from './outbound/endpoints.ts';
export { deliverToEndpoint } from './outbound/deliver.ts';
export { listWebhookDeliveries, replayWebhooks } from './outbound/replay.ts';
export { startOutboundWorker } from './outbound/worker.ts';
export { signPayload, verifyWebhook } from './outbound/sign.ts';
export { createStripeClient } from './stripe/client.ts';
export { VERSION } from './version.ts';
export { defaultConfig, defineConfig, validateConfig, type TollgateConfig } from './config/index.ts';
export { applyPush, describeStep, planPush, pushConfig, type PushPlan, type PushResult, type PushStep } from './push/index.ts';
export * from './entitlements/index.ts';
export * from './usage/index.ts';
export * from './reporter/index.ts';
export * from './customers/index.ts';
export * from './checkout/index.ts';
export * from './portal/index.ts';
export * from './subscriptions/index.ts';
export * from './plans/index.ts';
// Stripe state in: the mirror, webhooks, hooks, reconciliation and metrics.
export { type ApplyOutcome, type ApplyResult, type ApplySource, applyStripeObject, MIRRORED_OBJECTS } from './mirror/apply.ts';
export { type CurrentSubscription, getSubscription } from './mirror/get-subscription.ts';
export { type InvoiceSummary, listInvoices } from './mirror/list-invoices.ts';
export { listPaymentMethods, type PaymentMethodSummary } from './mirror/list-payment-methods.ts';
export { linkCustomer } from './mirror/link-customer.ts';
export type { StripeObjectLike } from './mirror/kind.ts';
export { createWebhookHandler, type WebhookHandlerOptions } from './webhooks/handler.ts';
export { type IngestResult, ingestEvent, type StripeEventLike } from './webhooks/ingest-event.ts';
export { DEFAULT_TOLERANCE_SECONDS, signatureHeader, verifySignature } from './webhooks/verify-signature.ts';
export { createHooks, type HookHandler, type Hooks, type HookWorker, startHookWorker } from './hooks/create-hooks.ts';
export { type DrainOptions, type DrainResult, drainOutbox } from './hooks/drain-outbox.ts';
export { enqueueHooks } from './hooks/enqueue.ts';
export { HOOK_TYPES, type HookMessage, type HookPayloads, type HookType } from './hooks/types.ts';
export { resyncObject } from './sync/resync-object.ts';
export { SYNC_RESOURCES, type SyncOptions, type SyncProgress, type SyncResource, syncStripe } from './sync/sync-stripe.ts';
export { type ChurnFigures, computeChurn } from './metrics/compute-churn.ts';
export { computeMrr, type RevenueFigure } from './metrics/compute-mrr.ts';
export { countSubscriptions, type SubscriptionCount } from './metrics/count-subscriptions.ts';
export { type BackfillResult, backfillMrrMovements } from './metrics/backfill-movements.ts';
export { type MrrDay, type MrrSeries, mrrHistory } from './metrics/mrr-history.ts';
export { type RevenueSummary, revenueSummary } from './metrics/revenue-summary.ts';
export { listEvents as listPaymentEvents } from './reads/list.ts';
export * from './licenses/index.ts';
export * from './credits/index.ts';
export * from './purchases/index.ts';
