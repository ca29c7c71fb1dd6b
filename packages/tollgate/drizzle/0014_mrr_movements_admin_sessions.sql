CREATE TABLE "mrr_movements" (
	"id" text PRIMARY KEY NOT NULL,
	"subscription_id" text NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"currency" text NOT NULL,
	"kind" text NOT NULL,
	"plan_key" text,
	"previous_plan_key" text,
	"mrr_before" bigint NOT NULL,
	"mrr_after" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"event_id" text,
	"source" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mrr_totals" (
	"currency" text PRIMARY KEY NOT NULL,
	"mrr" bigint NOT NULL,
	"subscribers" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mrr_milestones" (
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"crossed_at" timestamp with time zone NOT NULL,
	"fired" boolean NOT NULL,
	CONSTRAINT "mrr_milestones_pkey" PRIMARY KEY("currency","amount")
);
--> statement-breakpoint
CREATE TABLE "admin_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"csrf" text NOT NULL,
	"api_key_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "admin_sessions_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE INDEX "mrr_movements_subscription_idx" ON "mrr_movements" USING btree ("subscription_id","at","id");--> statement-breakpoint
CREATE INDEX "mrr_movements_customer_idx" ON "mrr_movements" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE INDEX "mrr_movements_at_idx" ON "mrr_movements" USING btree ("at");--> statement-breakpoint
CREATE INDEX "admin_sessions_expires_idx" ON "admin_sessions" USING btree ("expires_at");