-- Replay after a restart or crash (issue 11.3). V1 made oauth_nonces UNLOGGED on PostgreSQL, so
-- crash recovery (and a fail-over to a standby) emptied it and a captured request was accepted
-- again inside the timestamp window. The table is now logged everywhere. PostgreSQL 12 has no
-- ALTER TABLE ... SET LOGGED that H2 also takes, so the table is rebuilt with the same name,
-- columns, key and index; the live rows are kept (an upgrade must not forget nonces either).
CREATE TABLE oauth_nonces_v23_copy AS SELECT consumer_id, nonce, expires_at FROM oauth_nonces;
DROP TABLE oauth_nonces;
CREATE TABLE oauth_nonces (
    consumer_id BIGINT       NOT NULL,
    nonce       VARCHAR(255) NOT NULL,
    expires_at  BIGINT       NOT NULL,
    CONSTRAINT pk_oauth_nonces PRIMARY KEY (consumer_id, nonce)
);
CREATE INDEX ix_oauth_nonces_expires ON oauth_nonces (expires_at);
INSERT INTO oauth_nonces (consumer_id, nonce, expires_at)
    SELECT consumer_id, nonce, expires_at FROM oauth_nonces_v23_copy;
DROP TABLE oauth_nonces_v23_copy;

-- oauth: whether oauth_nonces holds every nonce the single-node store (nonces in memory, written
-- behind to oauth_nonces) accepted. A node sets complete to FALSE when it starts and back to TRUE
-- once it stopped cleanly with every nonce written; a start that finds FALSE follows a crash and
-- refuses timestamps up to its own start. One row. Before this version the single node kept
-- nonces only in memory, so a database that already has consumers starts incomplete.
CREATE TABLE oauth_nonce_memory (
    id       INT     NOT NULL,
    complete BOOLEAN NOT NULL,
    CONSTRAINT pk_oauth_nonce_memory PRIMARY KEY (id),
    CONSTRAINT ck_oauth_nonce_memory_one_row CHECK (id = 1)
);
INSERT INTO oauth_nonce_memory (id, complete) VALUES (1, NOT EXISTS (SELECT 1 FROM oauth_consumers));
