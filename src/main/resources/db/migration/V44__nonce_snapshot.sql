-- oauth: the single node's nonces across a clean restart, written once at the stop instead of one
-- row per accepted nonce while serving (V23 wrote every nonce behind to oauth_nonces, a tenth of a
-- signed call's CPU on one core). At a clean stop the node writes its in-memory table here, one row
-- per live entry: the keyed 64-bit fingerprint of (consumer, nonce) and the epoch second it
-- expires; the key of those fingerprints is kept in oauth_nonce_memory, so the next start reads
-- them back. Nonces whose oauth_timestamp is ahead of the node's clock are still written behind to
-- oauth_nonces as they are accepted (the crash rule of V23 covers only timestamps up to the start).
CREATE TABLE oauth_nonce_fingerprints (
    fingerprint BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    CONSTRAINT pk_oauth_nonce_fingerprints PRIMARY KEY (fingerprint)
);
ALTER TABLE oauth_nonce_memory ADD COLUMN fingerprint_seed BIGINT;
