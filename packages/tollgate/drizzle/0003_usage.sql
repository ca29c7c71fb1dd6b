CREATE TABLE "usage_events" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"feature" text NOT NULL,
	"amount" bigint NOT NULL,
	"idempotency_key" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"window_key" text NOT NULL,
	"properties" jsonb,
	"reverses_id" text
);
--> statement-breakpoint
CREATE TABLE "usage_counters" (
	"customer_id" text NOT NULL,
	"feature" text NOT NULL,
	"window_key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"used" bigint DEFAULT 0 NOT NULL,
	"included" bigint,
	"soft" boolean DEFAULT false NOT NULL,
	"billable" bigint DEFAULT 0 NOT NULL,
	"reported" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "usage_counters_pkey" PRIMARY KEY("customer_id","feature","window_key")
);
--> statement-breakpoint
CREATE TABLE "usage_gauges" (
	"customer_id" text NOT NULL,
	"feature" text NOT NULL,
	"value" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "usage_gauges_pkey" PRIMARY KEY("customer_id","feature")
);
--> statement-breakpoint
CREATE TABLE "meter_reports" (
	"identifier" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"feature" text NOT NULL,
	"window_key" text NOT NULL,
	"seq" integer NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"event_name" text NOT NULL,
	"value" bigint NOT NULL,
	"event_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "usage_events_idempotency_key" ON "usage_events" USING btree ("customer_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "usage_counters_latest_idx" ON "usage_counters" USING btree ("customer_id","feature","window_start");--> statement-breakpoint
CREATE INDEX "usage_counters_soft_idx" ON "usage_counters" USING btree ("window_end") WHERE "usage_counters"."soft";--> statement-breakpoint
CREATE INDEX "meter_reports_pending_idx" ON "meter_reports" USING btree ("next_attempt_at") WHERE "meter_reports"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "meter_reports_window_idx" ON "meter_reports" USING btree ("customer_id","feature","window_key");