-- Lifecycle webhooks to each integration's own callback URL (issue 17.5): the integration opts in;
-- its events are then queued a second time with target 'integration'.
ALTER TABLE integrations ADD COLUMN lifecycle_webhooks BOOLEAN DEFAULT FALSE NOT NULL;

-- an integration row of a once-per-occasion event has its own key: 'integration:' + the operator's key
ALTER TABLE webhook_outbox ALTER COLUMN dedupe_key SET DATA TYPE VARCHAR(220);

-- the retention cleanup's question: finished rows older than the cut-off (next_attempt_at is the
-- time of the last attempt once a row is delivered or failed); ix_webhook_outbox_due serves it
