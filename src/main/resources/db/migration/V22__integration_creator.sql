-- integration: who created an integration through the management API (issue 11.1). NULL for
-- integrations created by an admin, declared in the integrations file, or created before this
-- version. An integration holding Keyway_Integration::manage sees and manages only the rows whose
-- created_by is its own id. When the creator is deleted its creations stay (their credentials keep
-- working) and fall to the admins: the reference is set to NULL.
ALTER TABLE integrations ADD COLUMN created_by BIGINT;
ALTER TABLE integrations ADD CONSTRAINT fk_integrations_created_by
    FOREIGN KEY (created_by) REFERENCES integrations (id) ON DELETE SET NULL;
ALTER TABLE integrations ADD CONSTRAINT ck_integrations_created_by CHECK (created_by <> id);
CREATE INDEX ix_integrations_created_by ON integrations (created_by, id);
