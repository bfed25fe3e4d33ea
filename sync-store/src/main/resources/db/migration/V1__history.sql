-- Sync history: one row per pass, one row per file event that changed something.
-- Portable SQL: the same file migrates SQLite (embedded) and PostgreSQL. Times are epoch
-- milliseconds (UTC) in BIGINT columns, so that no engine's timestamp type is involved.
CREATE TABLE sync_runs (
  id          VARCHAR(36)   NOT NULL PRIMARY KEY,
  triggers    VARCHAR(100)  NOT NULL,
  started_ms  BIGINT        NOT NULL,
  finished_ms BIGINT        NOT NULL,
  outcome     VARCHAR(16)   NOT NULL,
  dry_run     SMALLINT      NOT NULL,
  mappings    VARCHAR(4000) NOT NULL,
  uploaded    BIGINT        NOT NULL,
  present     BIGINT        NOT NULL,
  conflicts   BIGINT        NOT NULL,
  failed      BIGINT        NOT NULL,
  skipped     BIGINT        NOT NULL,
  planned     BIGINT        NOT NULL,
  bytes       BIGINT        NOT NULL,
  error       VARCHAR(4000)
);

CREATE INDEX sync_runs_started ON sync_runs (started_ms, id);

CREATE TABLE sync_events (
  run_id       VARCHAR(36)   NOT NULL,
  seq          INTEGER       NOT NULL,
  at_ms        BIGINT        NOT NULL,
  mapping      VARCHAR(200)  NOT NULL,
  organization VARCHAR(200)  NOT NULL,
  index_name   VARCHAR(200)  NOT NULL,
  project      VARCHAR(200)  NOT NULL,
  version      VARCHAR(200)  NOT NULL,
  filename     VARCHAR(1000) NOT NULL,
  sha256       VARCHAR(64)   NOT NULL,
  bytes        BIGINT        NOT NULL,
  outcome      VARCHAR(16)   NOT NULL,
  reason       VARCHAR(4000) NOT NULL,
  PRIMARY KEY (run_id, seq)
);

CREATE INDEX sync_events_time ON sync_events (at_ms, run_id, seq);
CREATE INDEX sync_events_project ON sync_events (project, at_ms);
CREATE INDEX sync_events_filename ON sync_events (filename, at_ms);
