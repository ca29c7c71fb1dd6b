CREATE TABLE "plan_migration_items" (
	"migration_id" text NOT NULL,
	"subscription_id" text NOT NULL,
	"customer" text NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "plan_migration_items_migration_id_subscription_id_pk" PRIMARY KEY("migration_id","subscription_id")
);
--> statement-breakpoint
CREATE TABLE "plan_migrations" (
	"id" text PRIMARY KEY NOT NULL,
	"plan_key" text NOT NULL,
	"from_version" integer NOT NULL,
	"to_version" integer NOT NULL,
	"at" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "plan_version" integer;--> statement-breakpoint
CREATE INDEX "plan_migration_items_status_idx" ON "plan_migration_items" USING btree ("migration_id","status");--> statement-breakpoint
CREATE INDEX "plan_migrations_plan_idx" ON "plan_migrations" USING btree ("plan_key","from_version","to_version","at","status");