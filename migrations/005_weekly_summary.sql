-- Where and when the cohort's weekly summary is posted. One row: lead-coach serves one workspace.
CREATE TABLE summary_settings (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  channel_id  TEXT,                              -- C.../G...; NULL until an admin picks one
  set_by      TEXT,                              -- the admin who picked the channel: told when posting fails
  set_at      TEXT,                              -- UTC ISO instant
  time_zone   TEXT NOT NULL DEFAULT 'UTC',       -- IANA zone the Monday 10:00 post is reckoned in
  version     INTEGER NOT NULL DEFAULT 0         -- bumped on every channel change: a failed week may be retried after a fix
);
INSERT INTO summary_settings (id) VALUES (1);

-- One row per week whose cohort summary was attempted, so a re-run posts nothing new.
CREATE TABLE cohort_posts (
  week_start       TEXT PRIMARY KEY,             -- the summarised Monday, YYYY-MM-DD
  channel_id       TEXT NOT NULL,
  settings_version INTEGER NOT NULL,             -- summary_settings.version the attempt used
  status           TEXT NOT NULL CHECK (status IN ('posted', 'failed')),
  message_ts       TEXT,
  error            TEXT,                         -- Slack's error code when status = 'failed'
  chart_status     TEXT CHECK (chart_status IS NULL OR chart_status IN ('uploading', 'uploaded', 'failed', 'skipped')),
  chart_file_id    TEXT,
  chart_error      TEXT,
  updated_at       TEXT NOT NULL
);

-- Personal summaries handled per manager and week, so the per-minute job skips them cheaply.
-- Exactly-once delivery itself is the delivery module's key; this is only the job's to-do filter.
CREATE TABLE personal_summaries (
  user_id     TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  week_start  TEXT NOT NULL,                     -- the summarised Monday, YYYY-MM-DD
  kind        TEXT NOT NULL CHECK (kind IN ('report', 'no-data')),
  status      TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
  error       TEXT,
  handled_at  TEXT NOT NULL,
  PRIMARY KEY (week_start, user_id)
);

-- The Monday summaries read every manager's entries for four weeks at once; this covering index
-- answers that from the index alone, in date order, without visiting the table.
CREATE INDEX time_entries_week_summary ON time_entries (local_date, user_id, category, minutes);

-- The cohort summary reads one week's Wednesday answers for everyone (the primary key starts with user_id).
CREATE INDEX improvement_answers_week ON improvement_answers (week_start);
