-- Passes requested through a standby daemon, waiting for the leader to pick them up.
CREATE TABLE sync_triggers (
  id           VARCHAR(36)   NOT NULL PRIMARY KEY,
  requested_ms BIGINT        NOT NULL,
  origin       VARCHAR(16)   NOT NULL,
  mappings     VARCHAR(4000) NOT NULL
);

CREATE INDEX sync_triggers_requested ON sync_triggers (requested_ms);
