-- The run journal (docs/journal.md). One schema for SQLite and PostgreSQL: only types both read the same way.
-- Times are milliseconds since the epoch (UTC), so both order and compare them alike.

-- One row per run, written when the run starts (result 'unfinished') and completed when it ends.
CREATE TABLE runs (
    id              VARCHAR(64) PRIMARY KEY,
    kind            VARCHAR(16) NOT NULL,
    result          VARCHAR(16) NOT NULL,
    exit_code       INTEGER,
    started_at      BIGINT NOT NULL,
    ended_at        BIGINT,
    os_user         TEXT,
    controller      TEXT,
    key_fingerprints TEXT,
    command_line    TEXT NOT NULL,
    playbook        TEXT,
    git_commit      TEXT,
    git_branch      TEXT,
    git_dirty       BOOLEAN,
    git_author_time BIGINT,
    inventory       TEXT,
    pattern         TEXT,
    limit_pattern   TEXT,
    reason          TEXT,
    ticket          TEXT,
    message         TEXT
);
CREATE INDEX runs_started_at ON runs (started_at);

-- One row per host the run selected, written 'not_started' at the start and completed as the host finishes.
CREATE TABLE run_hosts (
    run_id      VARCHAR(64) NOT NULL REFERENCES runs (id),
    host        VARCHAR(255) NOT NULL,
    groups_json TEXT NOT NULL,
    outcome     VARCHAR(16) NOT NULL,
    error       TEXT,
    changes_json TEXT,
    plan_json   TEXT,
    started_at  BIGINT,
    ended_at    BIGINT,
    PRIMARY KEY (run_id, host)
);

-- Who holds a host's PostgreSQL advisory lock (the lock itself is the session's; this row only names the holder).
CREATE TABLE host_locks (
    host     VARCHAR(255) PRIMARY KEY,
    run_id   VARCHAR(64) NOT NULL,
    holder   TEXT NOT NULL,
    taken_at BIGINT NOT NULL
);
