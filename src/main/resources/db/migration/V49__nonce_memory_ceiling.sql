-- oauth: the single node's nonce table has a memory ceiling (keyway.oauth.nonce-memory, issue 14.3).
-- A full table drops the nonces of the oldest timestamps and refuses every request whose
-- oauth_timestamp is not after the newest one it dropped; a clean stop keeps that timestamp here
-- beside the snapshot, so the next start refuses the same requests instead of accepting a replay of
-- a dropped nonce. NULL when nothing was dropped.
ALTER TABLE oauth_nonce_memory ADD COLUMN forgotten_timestamp BIGINT;
