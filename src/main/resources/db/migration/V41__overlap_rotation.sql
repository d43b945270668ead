-- overlap rotation (issue 17.4): the access token a reauthorization replaced, still valid until
-- valid_until. SPEC 4.4's one record per consumer in oauth_tokens stays; at most one previous token
-- per consumer (the primary key), its hash unique like the current tokens'. Values are encrypted as
-- in oauth_tokens; the row goes with its consumer.
CREATE TABLE oauth_previous_tokens (
    consumer_id      BIGINT       NOT NULL,
    token_hash       VARCHAR(80)  NOT NULL,
    token_encrypted  VARCHAR(255) NOT NULL,
    secret_encrypted VARCHAR(255) NOT NULL,
    valid_until      TIMESTAMP WITH TIME ZONE NOT NULL,
    replaced_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_oauth_previous_tokens PRIMARY KEY (consumer_id),
    CONSTRAINT uq_oauth_previous_tokens_hash UNIQUE (token_hash),
    CONSTRAINT fk_oauth_previous_tokens_consumer FOREIGN KEY (consumer_id) REFERENCES oauth_consumers (id) ON DELETE CASCADE,
    CONSTRAINT ck_oauth_previous_tokens_grace CHECK (valid_until > replaced_at)
);

CREATE INDEX ix_oauth_previous_tokens_valid_until ON oauth_previous_tokens (valid_until);
