-- Changes to the schema of V1, which is released and so is never edited (Flyway checksums it).

-- integration: name_key is wider than name because lower-casing can lengthen a text (U+0130
-- becomes two characters). SET DATA TYPE is the standard form; H2 and PostgreSQL both take it.
ALTER TABLE integrations ALTER COLUMN name_key SET DATA TYPE VARCHAR(1020);

-- oauth: the cleanup's look-up of abandoned request tokens.
CREATE INDEX ix_oauth_tokens_type_created ON oauth_tokens (token_type, created_at);
