DROP INDEX "usage_events_idempotency_key";--> statement-breakpoint
-- drizzle-kit cannot name the old primary key: it is Postgres' default name.
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_pkey";--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_customer_key_pk" PRIMARY KEY("customer_id","idempotency_key");
