-- Locks every node of one database shares (a row per lock, taken with SELECT ... FOR UPDATE inside the
-- work's transaction and so released when it ends, commits, rolls back or loses its connection: a node
-- that dies holding one blocks nobody). One history for H2 and PostgreSQL, so no advisory lock.
-- A lock's row is inserted by the migration that introduces the lock; Keyway never inserts or deletes one.
CREATE TABLE named_locks (
    name VARCHAR(64) NOT NULL,
    CONSTRAINT pk_named_locks PRIMARY KEY (name),
    CONSTRAINT ck_named_locks_name CHECK (name <> '')
);

-- Applying the integrations file (SPEC 2.7): nodes started at once apply it one after the other.
INSERT INTO named_locks (name) VALUES ('integrations-file');
