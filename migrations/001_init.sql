-- Managers coached by lead-coach: one row per Slack user, created the first time they use /lead.
CREATE TABLE managers (
  user_id          TEXT PRIMARY KEY,             -- Slack user id (U.../W...)
  team_id          TEXT NOT NULL,                -- Slack workspace id (T...)
  time_zone        TEXT NOT NULL DEFAULT 'UTC',  -- IANA zone, from users.info unless overridden
  time_zone_source TEXT NOT NULL DEFAULT 'slack' CHECK (time_zone_source IN ('slack', 'manual')),
  time_zone_checked_at TEXT,                     -- UTC ISO instant of the last users.info refresh
  enrolled_at      TEXT NOT NULL,                -- UTC ISO instant
  working_days     TEXT NOT NULL DEFAULT '1,2,3,4,5', -- ISO weekdays, 1 = Monday
  work_start       TEXT NOT NULL DEFAULT '09:00',     -- local HH:MM
  work_end         TEXT NOT NULL DEFAULT '18:00',     -- local HH:MM
  nudges_enabled   INTEGER NOT NULL DEFAULT 1 CHECK (nudges_enabled IN (0, 1)),
  paused_until     TEXT,                         -- local YYYY-MM-DD (inclusive) or NULL
  share_in_cohort  INTEGER NOT NULL DEFAULT 0 CHECK (share_in_cohort IN (0, 1)),
  unreachable_reason TEXT,                       -- set when Slack says DMs can never reach them
  unreachable_at   TEXT
);

CREATE INDEX managers_team ON managers (team_id);
