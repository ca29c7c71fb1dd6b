-- Stripe documents (event payloads, mirrored objects) are compressed with lz4
-- rather than pglz where the server has it: about a quarter less Postgres CPU
-- per ingested webhook (bench/webhooks.ts). Only new values are affected; a
-- server without lz4 (PGlite) keeps pglz.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE payment_events ALTER COLUMN payload SET COMPRESSION lz4;
    ALTER TABLE customers ALTER COLUMN raw SET COMPRESSION lz4;
    ALTER TABLE subscriptions ALTER COLUMN raw SET COMPRESSION lz4;
    ALTER TABLE subscription_items ALTER COLUMN raw SET COMPRESSION lz4;
    ALTER TABLE invoices ALTER COLUMN raw SET COMPRESSION lz4;
    ALTER TABLE payment_methods ALTER COLUMN raw SET COMPRESSION lz4;
    ALTER TABLE outbox ALTER COLUMN payload SET COMPRESSION lz4;
  END IF;
END $$;
