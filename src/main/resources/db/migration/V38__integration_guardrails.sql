-- guardrails (issue 17, first slice): where an integration may call from, and until when its access
-- token works.

-- The CIDR blocks (canonical text, comma-separated) an integration's signed or Bearer calls may come
-- from; NULL means anywhere. At most 50 blocks of at most 43 characters each.
ALTER TABLE integrations ADD COLUMN ip_allowlist VARCHAR(2200);

-- When the integration's access token stops working; NULL means never. Reauthorizing clears it
-- unless the request sets a new one.
ALTER TABLE integrations ADD COLUMN access_expires_at TIMESTAMP WITH TIME ZONE;
