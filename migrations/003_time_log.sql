-- How each manager splits their time. One row per logged entry; several per day and category add up.
CREATE TABLE time_entries (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id     TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  category    TEXT NOT NULL CHECK (category IN ('coding', 'people', 'meetings', 'strategy', 'improvement', 'firefighting')),
  minutes     INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 960),
  local_date  TEXT NOT NULL,            -- YYYY-MM-DD: the day in the manager's zone the time belongs to
  time_zone   TEXT NOT NULL,            -- the IANA zone local_date was reckoned in
  note        TEXT CHECK (note IS NULL OR length(note) <= 500),
  source      TEXT NOT NULL CHECK (source IN ('command', 'modal', 'checkin')),
  created_at  TEXT NOT NULL,            -- UTC ISO instant
  request_key TEXT UNIQUE               -- Slack's id for the request that created it: a retried request stores nothing twice
);
CREATE INDEX time_entries_user_date ON time_entries (user_id, local_date);
CREATE INDEX time_entries_date ON time_entries (local_date);

-- A manager's own target range per category, overriding the defaults from content/coaching.yaml.
CREATE TABLE manager_targets (
  user_id     TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  category    TEXT NOT NULL CHECK (category IN ('coding', 'people', 'meetings', 'strategy', 'improvement', 'firefighting')),
  min_percent INTEGER NOT NULL CHECK (min_percent BETWEEN 0 AND 100),
  max_percent INTEGER NOT NULL CHECK (max_percent BETWEEN 0 AND 100 AND max_percent >= min_percent),
  PRIMARY KEY (user_id, category)
);

-- The team's answer to the Wednesday system-improvement nudge: is it at 20% this week?
CREATE TABLE improvement_answers (
  user_id     TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  week_start  TEXT NOT NULL,            -- local Monday, YYYY-MM-DD
  at_target   INTEGER NOT NULL CHECK (at_target IN (0, 1)),
  answered_at TEXT NOT NULL,
  PRIMARY KEY (user_id, week_start)
);
