// One table per file; this index is what Drizzle and drizzle-kit see.
export * from './payment-events.ts';
export * from './api-keys.ts';
export * from './server-secrets.ts';
export * from './webhook-endpoints.ts';
export * from './webhook-deliveries.ts';
export * from './customers.ts';
export * from './subscriptions.ts';
export * from './subscription-items.ts';
export * from './invoices.ts';
export * from './payment-methods.ts';
export * from './products.ts';
export * from './prices.ts';
export * from './purchases.ts';
export * from './outbox.ts';
export * from './outbox-deliveries.ts';
export * from './sync-cursors.ts';
