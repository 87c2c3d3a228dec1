-- A manager's own time and days for a nudge; NULL keeps the catalog's default.
CREATE TABLE nudge_schedules (
  user_id    TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  nudge_id   TEXT NOT NULL,
  local_time TEXT CHECK (local_time IS NULL OR local_time GLOB '[0-2][0-9]:[0-5][0-9]'), -- manager's local HH:MM
  weekdays   TEXT CHECK (weekdays IS NULL OR weekdays GLOB '[1-7]*'),                    -- ISO weekdays, comma-separated, 1 = Monday
  updated_at TEXT NOT NULL,
  PRIMARY KEY (user_id, nudge_id)
);

-- How a manager uses each nudge: unanswered ones in a row (back-off after three), whether it comes
-- less often, whether the next one asks "keep / less often / stop", and the week it was marked Done.
CREATE TABLE nudge_cadence (
  user_id        TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  nudge_id       TEXT NOT NULL,
  ignored_in_row INTEGER NOT NULL DEFAULT 0,
  less_often     TEXT NOT NULL DEFAULT 'no' CHECK (less_often IN ('no', 'backed-off', 'chosen')),
  ask_pending    INTEGER NOT NULL DEFAULT 0 CHECK (ask_pending IN (0, 1)),
  done_week      TEXT,                          -- local Monday (YYYY-MM-DD) of the week it was marked Done
  PRIMARY KEY (user_id, nudge_id)
);

-- Workspace holidays: no nudge is sent on these local dates.
CREATE TABLE workspace_holidays (
  date     TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  name     TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL
);
