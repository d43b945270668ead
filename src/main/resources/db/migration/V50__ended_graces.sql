-- SPEC 2.5.1: a previous access token whose grace ended leaves oauth_previous_tokens with the cleanup;
-- its hash (never the token or its secret) and the end of its grace stay here for 7 days, so that a
-- call with it is still told why it is refused. At most one per consumer (the latest); the row goes
-- with its consumer.
CREATE TABLE oauth_ended_graces (
    consumer_id BIGINT      NOT NULL,
    token_hash  VARCHAR(80) NOT NULL,
    ended_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_oauth_ended_graces PRIMARY KEY (consumer_id),
    CONSTRAINT fk_oauth_ended_graces_consumer FOREIGN KEY (consumer_id) REFERENCES oauth_consumers (id) ON DELETE CASCADE
);

CREATE INDEX ix_oauth_ended_graces_ended_at ON oauth_ended_graces (ended_at);
