CREATE TABLE "usage_gauge_moves" (
	"customer_id" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"feature" text NOT NULL,
	"delta" bigint NOT NULL,
	"value_after" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "usage_gauge_moves_pkey" PRIMARY KEY("customer_id","idempotency_key")
);
