CREATE TABLE "licenses" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"signing_key_id" text NOT NULL,
	"stripe_customer_id" text,
	"customer_id" text,
	"external_id" text NOT NULL,
	"subscription_id" text,
	"purchase_id" text,
	"plan_key" text,
	"product_key" text,
	"features" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"activation_limit" integer NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"status_changed_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "license_activations" (
	"id" text PRIMARY KEY NOT NULL,
	"license_id" text NOT NULL,
	"instance" text NOT NULL,
	"name" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "license_signing_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"algorithm" text NOT NULL,
	"public_key" text NOT NULL,
	"private_key" text NOT NULL,
	"sealed_with" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"rotated_at" timestamp with time zone,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "purchases" ADD COLUMN "amount_refunded" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "purchases" ADD COLUMN "refunded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "license_activations" ADD CONSTRAINT "license_activations_license_id_licenses_id_fk" FOREIGN KEY ("license_id") REFERENCES "public"."licenses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "licenses_key_idx" ON "licenses" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "licenses_subscription_idx" ON "licenses" USING btree ("subscription_id");--> statement-breakpoint
CREATE UNIQUE INDEX "licenses_purchase_idx" ON "licenses" USING btree ("purchase_id");--> statement-breakpoint
CREATE INDEX "licenses_stripe_customer_idx" ON "licenses" USING btree ("stripe_customer_id");--> statement-breakpoint
CREATE INDEX "licenses_external_id_idx" ON "licenses" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "licenses_status_idx" ON "licenses" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "license_activations_instance_idx" ON "license_activations" USING btree ("license_id","instance");--> statement-breakpoint
CREATE UNIQUE INDEX "license_signing_keys_one_active_idx" ON "license_signing_keys" USING btree ("status") WHERE status = 'active';