CREATE TABLE "subscription_schedules" (
	"id" text PRIMARY KEY NOT NULL,
	"stripe_customer_id" text,
	"subscription_id" text,
	"status" text NOT NULL,
	"end_behavior" text NOT NULL,
	"current_phase_end" timestamp with time zone,
	"next_items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"next_plan_key" text,
	"next_interval" text,
	"next_quantity" integer,
	"next_starts_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"livemode" boolean DEFAULT false NOT NULL,
	"stripe_created" bigint NOT NULL,
	"source_at" bigint NOT NULL,
	"raw" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "subscription_schedules_subscription_idx" ON "subscription_schedules" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "subscription_schedules_customer_idx" ON "subscription_schedules" USING btree ("stripe_customer_id");