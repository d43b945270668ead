-- The digest of a declared integration's declaration as written (its fields and resources, without what the ACL
-- tree expands them to), beside config_digest, which keeps the older form (over the expanded grant) that earlier
-- Keyway versions compare: a node of the previous version started on this database (a rollback, a restart during a
-- roll-out) then finds its digests unchanged instead of resetting every declared integration.
ALTER TABLE integrations ADD COLUMN config_declaration VARCHAR(64);
