-- The usage ledger is append-only: a correction is a new event (a reversal),
-- never an edit, so what was billed can always be traced. The database refuses
-- UPDATE, DELETE and TRUNCATE on usage_events; an operator who must erase data
-- (say, on a legal request) disables the trigger for that transaction on purpose.
CREATE FUNCTION usage_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'usage_events is append-only (% refused): record a reversal instead', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER usage_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON usage_events
  FOR EACH STATEMENT EXECUTE FUNCTION usage_events_append_only();
