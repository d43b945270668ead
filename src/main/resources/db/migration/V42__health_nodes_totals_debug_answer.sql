-- explainer, second slice (issue 16): the node that refused a call, counts since an integration was
-- created, and the debug answer's end.

-- The node (keyway.node-name) that refused the call; NULL for rows written before V42.
ALTER TABLE integration_refusals ADD COLUMN node VARCHAR(64);

-- Calls that passed since the integration was created (the hour buckets of V37 keep 48 h only),
-- added to by each node's batched writer.
CREATE TABLE integration_request_totals (
    integration_id BIGINT NOT NULL,
    requests       BIGINT NOT NULL,
    CONSTRAINT pk_integration_request_totals PRIMARY KEY (integration_id),
    CONSTRAINT fk_integration_request_totals_integration FOREIGN KEY (integration_id) REFERENCES integrations (id) ON DELETE CASCADE,
    CONSTRAINT ck_integration_request_totals_positive CHECK (requests >= 0)
);

-- Refused calls since the integration was created, per reason.
CREATE TABLE integration_refusal_totals (
    integration_id BIGINT      NOT NULL,
    reason         VARCHAR(40) NOT NULL,
    refusals       BIGINT      NOT NULL,
    CONSTRAINT pk_integration_refusal_totals PRIMARY KEY (integration_id, reason),
    CONSTRAINT fk_integration_refusal_totals_integration FOREIGN KEY (integration_id) REFERENCES integrations (id) ON DELETE CASCADE,
    CONSTRAINT ck_integration_refusal_totals_positive CHECK (refusals >= 0)
);

-- Until when a 401 for the integration's signature failures explains itself in its body (at most
-- one hour after it is switched on); NULL means off.
ALTER TABLE integrations ADD COLUMN debug_answer_until TIMESTAMP WITH TIME ZONE;
