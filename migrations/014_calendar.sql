-- Calendar-aware coaching (issue 15). A manager links the secret iCal address of their calendar;
-- lead-coach reads it, never writes to it, and keeps only what coaching needs: the address
-- (encrypted), minutes per category and day, and the 1:1 series it found.

-- One linked calendar per manager. The address is a secret (whoever has it reads the calendar):
-- it is stored only as AES-256-GCM ciphertext under LEAD_COACH_SECRET_KEY, bound to the user id.
CREATE TABLE calendar_links (
  user_id         TEXT PRIMARY KEY REFERENCES managers (user_id) ON DELETE CASCADE,
  url_cipher      TEXT NOT NULL,                 -- "v1:" + base64(iv | tag | ciphertext)
  url_hint        TEXT NOT NULL,                 -- what the manager is shown: host and the last 4 characters
  linked_at       TEXT NOT NULL,                 -- UTC ISO instant
  last_ok_at      TEXT,                          -- last successful read
  failures        INTEGER NOT NULL DEFAULT 0,    -- reads failed in a row
  failing_since   TEXT,                          -- first failure of the current run of failures
  last_problem    TEXT,                          -- what went wrong last, in words (never the address)
  next_refresh_at TEXT NOT NULL                  -- when the refresh job reads it next (backoff after failures)
);
CREATE INDEX calendar_links_due ON calendar_links (next_refresh_at);

-- What the calendar says about each day (in the manager's zone), recomputed on every read of the feed.
CREATE TABLE calendar_days (
  user_id         TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  local_date      TEXT NOT NULL,                 -- YYYY-MM-DD
  minutes         TEXT NOT NULL,                 -- JSON {category: minutes} of timed events, overlaps counted once
  no_code_minutes INTEGER NOT NULL,              -- minutes of focus / no-code / deep-work blocks
  events          INTEGER NOT NULL,              -- events that count (declined and cancelled ones do not)
  PRIMARY KEY (user_id, local_date)
) WITHOUT ROWID;

-- The manager's own classification rules, checked before the built-in ones.
CREATE TABLE calendar_rules (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id    TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  phrase     TEXT NOT NULL CHECK (length(phrase) BETWEEN 1 AND 60),
  category   TEXT NOT NULL CHECK (category IN ('coding', 'people', 'meetings', 'strategy', 'improvement', 'firefighting')),
  created_at TEXT NOT NULL,
  UNIQUE (user_id, phrase)
);

-- Days whose calendar minutes were logged with the check-in's button: a second press, or a press
-- after the feed changed, logs nothing more.
CREATE TABLE calendar_logged_days (
  user_id    TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  local_date TEXT NOT NULL,
  logged_at  TEXT NOT NULL,
  PRIMARY KEY (user_id, local_date)
) WITHOUT ROWID;

-- Recurring 1:1s found in the calendar, offered once for the 1:1 registry.
CREATE TABLE calendar_one_on_ones (
  user_id     TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  series_uid  TEXT NOT NULL,                     -- the event's UID (hashed: UIDs can carry addresses)
  title       TEXT NOT NULL,
  weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  local_time  TEXT NOT NULL,                     -- HH:MM in the manager's zone
  cadence     TEXT NOT NULL CHECK (cadence IN ('weekly', 'biweekly')),
  first_date  TEXT NOT NULL,                     -- next occurrence (YYYY-MM-DD) when found
  state       TEXT NOT NULL DEFAULT 'found' CHECK (state IN ('found', 'offered', 'accepted', 'dismissed')),
  report_user_id TEXT,                           -- once accepted: whose 1:1 in the registry it is (a moved series moves it)
  found_at    TEXT NOT NULL,
  PRIMARY KEY (user_id, series_uid)
) WITHOUT ROWID;
