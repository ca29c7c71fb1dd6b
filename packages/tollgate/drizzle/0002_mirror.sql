CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"external_id" text,
	"stripe_customer_id" text,
	"email" text,
	"name" text,
	"time_zone" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"default_payment_method_id" text,
	"currency" text,
	"deleted" boolean DEFAULT false NOT NULL,
	"livemode" boolean,
	"stripe_created" bigint,
	"source_at" bigint,
	"raw" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"customer_id" text,
	"plan_key" text,
	"price_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text NOT NULL,
	"quantity" integer,
	"interval" text,
	"interval_count" integer,
	"currency" text NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"discount_percent_off" numeric,
	"discount_amount_off" bigint,
	"discounts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"current_period_start" timestamp with time zone,
	"current_period_end" timestamp with time zone,
	"cancel_at_period_end" boolean DEFAULT false NOT NULL,
	"cancel_at" timestamp with time zone,
	"canceled_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"trial_start" timestamp with time zone,
	"trial_end" timestamp with time zone,
	"start_date" timestamp with time zone,
	"latest_invoice_id" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"livemode" boolean DEFAULT false NOT NULL,
	"stripe_created" bigint NOT NULL,
	"source_at" bigint NOT NULL,
	"raw" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscription_items" (
	"id" text PRIMARY KEY NOT NULL,
	"subscription_id" text NOT NULL,
	"price_id" text NOT NULL,
	"product_id" text,
	"plan_key" text,
	"lookup_key" text,
	"quantity" integer,
	"unit_amount" bigint,
	"currency" text NOT NULL,
	"interval" text,
	"interval_count" integer,
	"usage_type" text,
	"current_period_start" timestamp with time zone,
	"current_period_end" timestamp with time zone,
	"stripe_created" bigint,
	"raw" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" text PRIMARY KEY NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"customer_id" text,
	"subscription_id" text,
	"number" text,
	"status" text,
	"billing_reason" text,
	"currency" text NOT NULL,
	"subtotal" bigint DEFAULT 0 NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL,
	"amount_due" bigint DEFAULT 0 NOT NULL,
	"amount_paid" bigint DEFAULT 0 NOT NULL,
	"amount_remaining" bigint DEFAULT 0 NOT NULL,
	"attempt_count" integer DEFAULT 0 NOT NULL,
	"hosted_invoice_url" text,
	"invoice_pdf" text,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone,
	"due_date" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"livemode" boolean DEFAULT false NOT NULL,
	"stripe_created" bigint NOT NULL,
	"source_at" bigint NOT NULL,
	"raw" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_methods" (
	"id" text PRIMARY KEY NOT NULL,
	"stripe_customer_id" text,
	"customer_id" text,
	"type" text NOT NULL,
	"brand" text,
	"last4" text,
	"exp_month" integer,
	"exp_year" integer,
	"livemode" boolean DEFAULT false NOT NULL,
	"stripe_created" bigint NOT NULL,
	"source_at" bigint NOT NULL,
	"raw" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"active" boolean NOT NULL,
	"plan_key" text,
	"product_key" text,
	"deleted" boolean DEFAULT false NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"livemode" boolean DEFAULT false NOT NULL,
	"stripe_created" bigint NOT NULL,
	"source_at" bigint NOT NULL,
	"raw" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prices" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"lookup_key" text,
	"active" boolean NOT NULL,
	"currency" text NOT NULL,
	"unit_amount" bigint,
	"type" text NOT NULL,
	"interval" text,
	"interval_count" integer,
	"usage_type" text,
	"billing_scheme" text,
	"plan_key" text,
	"product_key" text,
	"feature_key" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"livemode" boolean DEFAULT false NOT NULL,
	"stripe_created" bigint NOT NULL,
	"source_at" bigint NOT NULL,
	"raw" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "purchases" (
	"id" text PRIMARY KEY NOT NULL,
	"stripe_customer_id" text,
	"customer_id" text,
	"external_id" text,
	"product_key" text,
	"price_id" text,
	"payment_intent_id" text,
	"status" text NOT NULL,
	"payment_status" text NOT NULL,
	"currency" text,
	"amount_total" bigint,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"completed_at" timestamp with time zone,
	"livemode" boolean DEFAULT false NOT NULL,
	"stripe_created" bigint NOT NULL,
	"source_at" bigint NOT NULL,
	"raw" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"customer_id" text,
	"external_id" text,
	"object_id" text,
	"event_id" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_deliveries" (
	"outbox_id" text NOT NULL,
	"consumer" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"dead_at" timestamp with time zone,
	"last_error" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outbox_deliveries_outbox_id_consumer_pk" PRIMARY KEY("outbox_id","consumer")
);
--> statement-breakpoint
CREATE TABLE "sync_cursors" (
	"resource" text PRIMARY KEY NOT NULL,
	"cursor" text,
	"applied" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "customers_external_id_key" ON "customers" USING btree ("external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_stripe_customer_id_key" ON "customers" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE INDEX "subscriptions_stripe_customer_idx" ON "subscriptions" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE INDEX "subscriptions_customer_idx" ON "subscriptions" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "subscriptions_status_idx" ON "subscriptions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "subscription_items_subscription_idx" ON "subscription_items" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "invoices_stripe_customer_idx" ON "invoices" USING btree ("stripe_customer_id","stripe_created");--> statement-breakpoint
CREATE INDEX "invoices_subscription_idx" ON "invoices" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "payment_methods_stripe_customer_idx" ON "payment_methods" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE INDEX "prices_lookup_key_idx" ON "prices" USING btree ("lookup_key");--> statement-breakpoint
CREATE INDEX "prices_product_idx" ON "prices" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "purchases_stripe_customer_idx" ON "purchases" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE INDEX "purchases_customer_idx" ON "purchases" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "purchases_external_id_idx" ON "purchases" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "outbox_created_idx" ON "outbox" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "outbox_customer_idx" ON "outbox" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "outbox_deliveries_pending_idx" ON "outbox_deliveries" USING btree ("consumer","next_attempt_at");