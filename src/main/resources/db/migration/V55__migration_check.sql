-- What Flyway last ran with on this database and the schema history it left (issue 14.3, start-up): a
-- start whose class path holds the same migrations and whose history is unchanged skips Flyway's
-- migrate, ~0.1 s of every start (dev.keyway.UnchangedMigrations). One row, written by whichever node
-- ran Flyway last; empty digests never match, so the first start after this migration runs Flyway.
CREATE TABLE migration_check (
    id SMALLINT NOT NULL,
    migrations_sha256 VARCHAR(64) NOT NULL,
    history_sha256 VARCHAR(64) NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_migration_check PRIMARY KEY (id),
    CONSTRAINT ck_migration_check_one_row CHECK (id = 1)
);

INSERT INTO migration_check (id, migrations_sha256, history_sha256, recorded_at)
VALUES (1, '', '', CURRENT_TIMESTAMP);
