-- oauth: the single node's nonce table has a memory ceiling (keyway.oauth.nonce-memory, issue 14.3).
-- A full table drops the nonces of the oldest timestamps and refuses every request whose
-- oauth_timestamp is not after the newest one it dropped. A clean stop keeps here the newest
-- timestamp whose nonces the node may have forgotten (dropped at the ceiling, swept under a window
-- lower than today's, or a crash's gap up to a start), so the next start refuses the same requests
-- instead of accepting a replay. NULL when there is none.
ALTER TABLE oauth_nonce_memory ADD COLUMN forgotten_timestamp BIGINT;
-- The snapshot's expires_at is the timestamp plus the window at the stop plus one; that window is
-- kept beside it, so a start reads the timestamps back exactly even if the window changed meanwhile.
ALTER TABLE oauth_nonce_memory ADD COLUMN snapshot_window BIGINT;
-- Nonces ahead of the clock, written behind as they are accepted, keep their oauth_timestamp: read
-- back with the window set at the next start, a row written under a narrower one would look older
-- than it is.
ALTER TABLE oauth_nonces ADD COLUMN oauth_timestamp BIGINT;
