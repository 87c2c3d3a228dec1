-- Every message lead-coach sends on a schedule, keyed by its occurrence. The PRIMARY KEY is the
-- exactly-once guard: a sender claims a key with INSERT ... ON CONFLICT DO NOTHING before posting.
CREATE TABLE deliveries (
  key         TEXT PRIMARY KEY,                 -- e.g. nudge:no-code-block:U123:2026-11-16, weekly-summary:U123:2026-11-09
  user_id     TEXT REFERENCES managers (user_id) ON DELETE CASCADE, -- NULL for channel posts
  kind        TEXT NOT NULL,                    -- nudge id or feature name
  due_at      TEXT NOT NULL,                    -- UTC ISO instant the occurrence was due
  status      TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed', 'missed', 'skipped')),
  attempts    INTEGER NOT NULL DEFAULT 0,       -- chat.postMessage calls made (429s included)
  last_error  TEXT,                             -- Slack error code or transport problem of the last attempt
  channel     TEXT,                             -- where it went (a user id for DMs)
  ts          TEXT,                             -- Slack message ts once sent
  claimed_at  TEXT,                             -- UTC ISO instant of the (latest) claim: old + 'claimed' = sender crashed
  sent_at     TEXT,
  claim_token TEXT,                             -- who holds the claim; only the holder may record the outcome
  payload     TEXT,                             -- the message (JSON {channel,text,blocks}) so a crashed claim can be re-sent
  context     TEXT                              -- JSON the sender needs to act on button presses (occurrence details)
);
CREATE INDEX deliveries_claimed ON deliveries (status, claimed_at);
CREATE INDEX deliveries_user_kind ON deliveries (user_id, kind);

-- Per-nudge opt-outs: a row means "do not send me this nudge".
CREATE TABLE nudge_opt_outs (
  user_id      TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  nudge_id     TEXT NOT NULL,
  opted_out_at TEXT NOT NULL,
  PRIMARY KEY (user_id, nudge_id)
);

-- How far the nudges job has looked at each manager's schedule (UTC ISO instant). Only an
-- optimisation: the deliveries key, not this cursor, is what prevents a second send.
CREATE TABLE nudge_cursors (
  user_id       TEXT PRIMARY KEY REFERENCES managers (user_id) ON DELETE CASCADE,
  checked_until TEXT NOT NULL
);

-- "Snooze 1 hour" / "Snooze until tomorrow": the nudge comes again at due_at, under its own delivery key.
CREATE TABLE nudge_snoozes (
  delivery_key TEXT PRIMARY KEY,                -- key the re-sent nudge will be delivered under
  origin_key   TEXT NOT NULL,                   -- delivery that was snoozed
  user_id      TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  nudge_id     TEXT NOT NULL,
  due_at       TEXT NOT NULL,                   -- UTC ISO instant
  occurrence   TEXT NOT NULL,                   -- JSON of the original occurrence, to rebuild the message
  created_at   TEXT NOT NULL
);
CREATE INDEX nudge_snoozes_due ON nudge_snoozes (due_at);

-- What the manager did with a delivered nudge (Done / Skip / Snooze).
CREATE TABLE nudge_responses (
  key          TEXT PRIMARY KEY REFERENCES deliveries (key) ON DELETE CASCADE,
  user_id      TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  response     TEXT NOT NULL CHECK (response IN ('done', 'skipped', 'snoozed', 'turned-off')),
  responded_at TEXT NOT NULL
);

-- Registered 1:1s: the prep nudge goes 60 minutes before each.
CREATE TABLE one_on_ones (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  manager_id     TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  report_user_id TEXT NOT NULL,                 -- the report's Slack user id
  weekday        INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7), -- ISO, 1 = Monday
  local_time     TEXT NOT NULL CHECK (local_time GLOB '[0-2][0-9]:[0-5][0-9]'), -- manager's local HH:MM
  cadence        TEXT NOT NULL CHECK (cadence IN ('weekly', 'biweekly')),
  anchor_date    TEXT NOT NULL,                 -- local YYYY-MM-DD of the first meeting (biweekly counts from here)
  created_at     TEXT NOT NULL,
  UNIQUE (manager_id, report_user_id)
);

-- Agenda items for a 1:1; open ones carry over to every following meeting until ticked off.
CREATE TABLE agenda_items (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  one_on_one_id  INTEGER NOT NULL REFERENCES one_on_ones (id) ON DELETE CASCADE,
  manager_id     TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  text           TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  created_at     TEXT NOT NULL,
  done_at        TEXT
);
CREATE INDEX agenda_items_open ON agenda_items (one_on_one_id, status);
