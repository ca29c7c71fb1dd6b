// Public library surface of the `tollgate` package.
import './core/lib/node-version.ts';
export { type Clock, type ManualClock, manualClock, systemClock, unixSeconds } from './core/lib/clock.ts';
export type { Deps } from './core/lib/deps.ts';
export { type AppError, appError, ConfigError, ERROR_CODES, type ErrorBody, type ErrorCode, errorBody, httpStatus, TollgateError } from './core/lib/errors.ts';
export { createIds, idTime, type Ids } from './core/lib/ids.ts';
export { createLogger, type Logger, silentLogger } from './core/lib/log.ts';
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
} from './core/lib/money.ts';
export { err, ok, type Result, unwrap } from './core/lib/result.ts';
export { connect, type ConnectOptions, type Database, type Db, type Driver } from './core/db/connect.ts';
export { migrate } from './core/db/migrate.ts';
export { type AppOptions, createApp, type TollgateApp } from './edges/server/app.ts';
export { nodeHandler } from './edges/server/node.ts';
export { listen } from './edges/server/listen.ts';
export { type Engine, startEngine, type StartEngineOptions } from './edges/host/start-engine.ts';
export type { AppPrincipal, AuthenticateHook } from './edges/auth/authenticate.ts';
export { createApiKey, listApiKeys, revokeApiKey } from './edges/auth/keys.ts';
export { loadTokenSecret, mintCustomerToken, verifyCustomerToken } from './edges/auth/tokens.ts';
export { createWebhookEndpoint, disableWebhookEndpoint, listWebhookEndpoints } from './notify/outbound/endpoints.ts';
export { deliverToEndpoint } from './notify/outbound/deliver.ts';
export { listWebhookDeliveries, replayWebhooks } from './notify/outbound/replay.ts';
export { startOutboundWorker } from './notify/outbound/worker.ts';
export { signPayload, verifyWebhook } from './notify/outbound/sign.ts';
export { createStripeClient } from './core/stripe/client.ts';
export { VERSION } from './version.ts';
export { defaultConfig, defineConfig, validateConfig, type TollgateConfig } from './core/config/index.ts';
export { applyPush, describeStep, planPush, pushConfig, type PushPlan, type PushResult, type PushStep } from './commands/push/index.ts';
export * from './usage/entitlements/index.ts';
export * from './usage/ledger/index.ts';
export * from './usage/reporter/index.ts';
export * from './commands/customers/index.ts';
export * from './commands/checkout/index.ts';
export * from './commands/portal/index.ts';
export * from './commands/subscriptions/index.ts';
export * from './commands/plans/index.ts';
// Stripe state in: the mirror, webhooks, hooks, reconciliation and metrics.
export { type ApplyOutcome, type ApplyResult, type ApplySource, applyStripeObject, MIRRORED_OBJECTS } from './stripe-in/mirror/apply.ts';
export { type CurrentSubscription, getSubscription } from './reads/billing/get-subscription.ts';
export { type InvoiceSummary, listInvoices } from './reads/billing/list-invoices.ts';
export { listPaymentMethods, type PaymentMethodSummary } from './reads/billing/list-payment-methods.ts';
export { linkCustomer } from './stripe-in/mirror/link-customer.ts';
export type { StripeObjectLike } from './stripe-in/mirror/kind.ts';
export { createWebhookHandler, type WebhookHandlerOptions } from './stripe-in/webhooks/handler.ts';
export { type IngestResult, ingestEvent, type StripeEventLike } from './stripe-in/webhooks/ingest-event.ts';
export { DEFAULT_TOLERANCE_SECONDS, signatureHeader, verifySignature } from './stripe-in/webhooks/verify-signature.ts';
export { createHooks, type HookHandler, type Hooks, type HookWorker, startHookWorker } from './notify/hooks/create-hooks.ts';
export { type DrainOptions, type DrainResult, drainOutbox } from './notify/hooks/drain-outbox.ts';
export { enqueueHooks } from './notify/hooks/enqueue.ts';
export { HOOK_TYPES, type HookMessage, type HookPayloads, type HookType } from './notify/hooks/types.ts';
export { resyncObject } from './stripe-in/sync/resync-object.ts';
export { SYNC_RESOURCES, type SyncOptions, type SyncProgress, type SyncResource, syncStripe } from './stripe-in/sync/sync-stripe.ts';
export { type ChurnFigures, computeChurn } from './reads/metrics/compute-churn.ts';
export { computeMrr, type RevenueFigure } from './reads/metrics/compute-mrr.ts';
export { countSubscriptions, type SubscriptionCount } from './reads/metrics/count-subscriptions.ts';
export { type BackfillResult, backfillMrrMovements } from './reads/metrics/backfill-movements.ts';
export { type MrrDay, type MrrSeries, mrrHistory } from './reads/metrics/mrr-history.ts';
export { type RevenueSummary, revenueSummary } from './reads/metrics/revenue-summary.ts';
export { listEvents as listPaymentEvents } from './reads/operator/list.ts';
export * from './licenses/index.ts';
export * from './usage/credits/index.ts';
export * from './reads/purchases/index.ts';
