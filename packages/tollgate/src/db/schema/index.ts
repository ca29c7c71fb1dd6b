// One table per file; this index is what Drizzle and drizzle-kit see.
export * from './payment-events.ts';
