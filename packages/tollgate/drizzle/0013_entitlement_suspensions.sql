CREATE TABLE "entitlement_suspensions" (
	"subscription_id" text PRIMARY KEY NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"reason" text NOT NULL,
	"suspended_at" timestamp with time zone NOT NULL
);
