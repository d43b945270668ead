-- oauth: the single node's nonce table has a memory ceiling (keyway.oauth.nonce-memory, issue 14.3).
-- A full table drops the nonces that expire first and refuses every request whose nonce would expire
-- by the last second it dropped; a clean stop keeps that second here beside the snapshot, so the
-- next start refuses the same requests instead of accepting a replay of a dropped nonce. NULL when
-- nothing was dropped.
ALTER TABLE oauth_nonce_memory ADD COLUMN forgotten_expiry BIGINT;
