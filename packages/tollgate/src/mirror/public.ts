// The public surface of the Stripe mirror, webhooks, hooks, reconciliation and metrics.
export { type ApplyOutcome, type ApplyResult, type ApplySource, applyStripeObject, MIRRORED_OBJECTS } from './apply.ts';
export { type CurrentSubscription, getSubscription } from './get-subscription.ts';
export { type InvoiceSummary, listInvoices } from './list-invoices.ts';
export { listPaymentMethods, type PaymentMethodSummary } from './list-payment-methods.ts';
export { linkCustomer } from './link-customer.ts';
export type { StripeObjectLike } from './kind.ts';
export { createWebhookHandler, type WebhookHandlerOptions } from '../webhooks/handler.ts';
export { type IngestResult, ingestEvent, type StripeEventLike } from '../webhooks/ingest-event.ts';
export { DEFAULT_TOLERANCE_SECONDS, signatureHeader, verifySignature } from '../webhooks/verify-signature.ts';
export { createHooks, type HookHandler, type Hooks, type HookWorker, startHookWorker } from '../hooks/create-hooks.ts';
export { type DrainOptions, type DrainResult, drainOutbox } from '../hooks/drain-outbox.ts';
export { enqueueHooks } from '../hooks/enqueue.ts';
export { HOOK_TYPES, type HookMessage, type HookPayloads, type HookType } from '../hooks/types.ts';
export { resyncObject } from '../sync/resync-object.ts';
export { SYNC_RESOURCES, type SyncOptions, type SyncProgress, type SyncResource, syncStripe } from '../sync/sync-stripe.ts';
export { type ChurnFigures, computeChurn } from '../metrics/compute-churn.ts';
export { computeMrr, type RevenueFigure } from '../metrics/compute-mrr.ts';
export { countSubscriptions, type SubscriptionCount } from '../metrics/count-subscriptions.ts';
