// One table per file; this index is what Drizzle and drizzle-kit see.
export * from './payment-events.ts';
export * from './api-keys.ts';
export * from './server-secrets.ts';
export * from './webhook-endpoints.ts';
export * from './webhook-deliveries.ts';
