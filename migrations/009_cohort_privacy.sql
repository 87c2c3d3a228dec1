-- The cohort summary's privacy floor: no cohort figure is posted for fewer managers than this.
-- 3 is the least that can be allowed: with two, each could work out the other's split from the average.
ALTER TABLE summary_settings ADD COLUMN min_group INTEGER NOT NULL DEFAULT 5 CHECK (min_group BETWEEN 3 AND 50);

-- A week nobody logged is recorded as 'empty' (nothing posted, nothing retried), and a chart that
-- travelled in the message as Slack's native chart block as 'native'. SQLite cannot change a CHECK,
-- so the table is rebuilt with the same rows.
CREATE TABLE cohort_posts_new (
  week_start       TEXT PRIMARY KEY,             -- the summarised Monday, YYYY-MM-DD
  channel_id       TEXT NOT NULL,
  settings_version INTEGER NOT NULL,             -- summary_settings.version the attempt used
  status           TEXT NOT NULL CHECK (status IN ('posted', 'failed', 'empty')),
  message_ts       TEXT,
  error            TEXT,                         -- Slack's error code when status = 'failed'
  chart_status     TEXT CHECK (chart_status IS NULL OR chart_status IN ('uploading', 'uploaded', 'failed', 'skipped', 'native')),
  chart_file_id    TEXT,
  chart_error      TEXT,
  updated_at       TEXT NOT NULL
);
INSERT INTO cohort_posts_new SELECT * FROM cohort_posts;
DROP TABLE cohort_posts;
ALTER TABLE cohort_posts_new RENAME TO cohort_posts;
