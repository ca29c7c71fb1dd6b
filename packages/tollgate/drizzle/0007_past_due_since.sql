ALTER TABLE "subscriptions" ADD COLUMN "past_due_since" timestamp with time zone;--> statement-breakpoint
-- Backfill (added to the generated file before it landed). Rows already past_due
-- take the finalization time of their latest invoice when the mirror holds it
-- open with a failed attempt: Stripe attempts an automatic invoice when it
-- finalizes it, so that is when the subscription fell due. Other past_due rows
-- keep null, and the entitlements count their grace from the current period's
-- start, as before this migration. `source_at` is not used: a sync or any later
-- update moves it, and would restart an expired grace.
UPDATE subscriptions s
SET past_due_since = to_timestamp((i.raw -> 'status_transitions' ->> 'finalized_at')::bigint)
FROM invoices i
WHERE s.status = 'past_due'
  AND s.past_due_since IS NULL
  AND i.id = s.latest_invoice_id
  AND i.status = 'open'
  AND i.attempt_count > 0
  AND jsonb_typeof(i.raw -> 'status_transitions' -> 'finalized_at') = 'number';
