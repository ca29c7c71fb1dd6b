CREATE TABLE "credit_balances" (
	"customer_id" text NOT NULL,
	"system" text NOT NULL,
	"debt" bigint DEFAULT 0 NOT NULL,
	"spent_window" text DEFAULT '' NOT NULL,
	"spent" bigint DEFAULT 0 NOT NULL,
	"topup_seq" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_balances_pkey" PRIMARY KEY("customer_id","system")
);
--> statement-breakpoint
CREATE TABLE "credit_grants" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"system" text NOT NULL,
	"kind" text NOT NULL,
	"priority" integer NOT NULL,
	"amount" bigint NOT NULL,
	"remaining" bigint NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	"idempotency_key" text NOT NULL,
	"paid_amount" bigint,
	"currency" text,
	"source" text,
	"metadata" jsonb,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_ledger" (
	"id" text NOT NULL,
	"customer_id" text NOT NULL,
	"system" text NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"idempotency_key" text NOT NULL,
	"feature" text,
	"units" bigint,
	"window_key" text,
	"grant_id" text,
	"allocations" jsonb,
	"balance_after" bigint,
	"breakage" bigint,
	"reverses_id" text,
	"properties" jsonb,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_ledger_customer_key_pk" PRIMARY KEY("customer_id","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "credit_topups" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"system" text NOT NULL,
	"seq" bigint NOT NULL,
	"pack" text NOT NULL,
	"credits" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"payment_intent_id" text,
	"grant_id" text,
	"failure_code" text,
	"failure_message" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_auto_topups" (
	"customer_id" text NOT NULL,
	"system" text NOT NULL,
	"enabled" boolean NOT NULL,
	"threshold" bigint NOT NULL,
	"pack" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_auto_topups_pkey" PRIMARY KEY("customer_id","system")
);
--> statement-breakpoint
CREATE TABLE "spend_caps" (
	"customer_id" text NOT NULL,
	"scope" text NOT NULL,
	"cap" bigint,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "spend_caps_pkey" PRIMARY KEY("customer_id","scope")
);
--> statement-breakpoint
CREATE TABLE "alert_firings" (
	"customer_id" text NOT NULL,
	"alert_key" text NOT NULL,
	"window_key" text NOT NULL,
	"outbox_id" text NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_firings_pkey" PRIMARY KEY("customer_id","alert_key","window_key")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "credit_grants_customer_key" ON "credit_grants" USING btree ("customer_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "credit_grants_balance_idx" ON "credit_grants" USING btree ("customer_id","system");--> statement-breakpoint
CREATE INDEX "credit_grants_expiry_idx" ON "credit_grants" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "credit_ledger_history_idx" ON "credit_ledger" USING btree ("customer_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_topups_crossing_key" ON "credit_topups" USING btree ("customer_id","system","seq");--> statement-breakpoint
CREATE INDEX "credit_topups_due_idx" ON "credit_topups" USING btree ("status","next_attempt_at");--> statement-breakpoint
-- The credit ledger is append-only, like usage_events: a correction is a new
-- movement (a reversal, an expiry), never an edit.
CREATE FUNCTION credit_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'credit_ledger is append-only (% refused): record a reversal instead', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER credit_ledger_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON credit_ledger
  FOR EACH STATEMENT EXECUTE FUNCTION credit_ledger_append_only();
