-- rate limits (issue 17.2): how many Web API calls an integration may make.

-- The integration's own limit; all three NULL means the default of the runtime settings. 0 in a window
-- means no limit in it (both 0: unlimited); a burst of 0 means one second's worth.
ALTER TABLE integrations ADD COLUMN rate_per_second INTEGER;
ALTER TABLE integrations ADD COLUMN rate_per_minute INTEGER;
ALTER TABLE integrations ADD COLUMN rate_burst INTEGER;
ALTER TABLE integrations ADD CONSTRAINT ck_integrations_rate_limit CHECK (
    (rate_per_second IS NULL AND rate_per_minute IS NULL AND rate_burst IS NULL)
    OR (rate_per_second BETWEEN 0 AND 100000 AND rate_per_minute BETWEEN 0 AND 6000000
        AND rate_burst BETWEEN 0 AND 100000));

-- The shared bucket of each limited integration on PostgreSQL (nodes lease tokens from it in chunks;
-- H2 runs one node and keeps its buckets in memory). Losing it in a crash only refills the buckets.
CREATE ${unlogged} TABLE rate_limit_buckets (
    integration_id  BIGINT           NOT NULL PRIMARY KEY,
    second_tokens   DOUBLE PRECISION NOT NULL,
    refilled_ms     BIGINT           NOT NULL,
    minute_start_ms BIGINT           NOT NULL,
    minute_used     BIGINT           NOT NULL,
    granted         INTEGER          NOT NULL,
    CONSTRAINT fk_rate_limit_buckets_integration FOREIGN KEY (integration_id) REFERENCES integrations (id)
        ON DELETE CASCADE
);

-- settings: the default rate limit of integrations without their own; 0 = no limit (the default).
INSERT INTO runtime_settings (path, setting_value, updated_at) VALUES
    ('webapi/rate_limit/per_second', '0', CURRENT_TIMESTAMP),
    ('webapi/rate_limit/per_minute', '0', CURRENT_TIMESTAMP),
    ('webapi/rate_limit/burst',      '0', CURRENT_TIMESTAMP);
