-- Everything stored is keyed by workspace and user (issue 12). `team_id` is the workspace key of the
-- install that wrote the row: the Slack team id, or the Enterprise Grid org id for an org-wide
-- install. Several installs can share one database and the same user id in two of them reads and
-- writes two separate sets of rows. Primary keys, unique keys and the foreign keys to managers all
-- gain team_id, which SQLite can only do by rebuilding each table with the same rows (the runner
-- applies migrations with foreign_keys off and checks every key before it commits).
--
-- Rows that say whose they are take their manager's team. Rows that belong to no manager (channel
-- posts, the summary settings, holidays, votes of people who never enrolled) take the one team of
-- the existing install; a database without any manager yet leaves them '' and the app adopts them
-- as its own at start (src/core/workspace.ts).
CREATE TEMP TABLE legacy_team AS
  SELECT COALESCE(
    (SELECT team_id FROM managers GROUP BY team_id ORDER BY count(*) DESC, team_id LIMIT 1),
    (SELECT team_id FROM coaching_invitations GROUP BY team_id ORDER BY count(*) DESC, team_id LIMIT 1),
    ''
  ) AS team_id;

DROP TRIGGER coaching_invitations_forget;

CREATE TABLE managers_new (
  team_id          TEXT NOT NULL,                -- workspace key: Slack team id (T...), or the org id (E...) of an org-wide install
  user_id          TEXT NOT NULL,                -- Slack user id (U.../W...)
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
  unreachable_at   TEXT,
  coaching_started_at TEXT,
  first_coached_at TEXT,
  coaching_offered_at TEXT,
  time_zone_confirmed INTEGER NOT NULL DEFAULT 1 CHECK (time_zone_confirmed IN (0, 1)),
  PRIMARY KEY (team_id, user_id)
);
INSERT INTO managers_new (team_id, user_id, time_zone, time_zone_source, time_zone_checked_at, enrolled_at, working_days,
  work_start, work_end, nudges_enabled, paused_until, share_in_cohort, unreachable_reason, unreachable_at,
  coaching_started_at, first_coached_at, coaching_offered_at, time_zone_confirmed)
  SELECT team_id, user_id, time_zone, time_zone_source, time_zone_checked_at, enrolled_at, working_days,
    work_start, work_end, nudges_enabled, paused_until, share_in_cohort, unreachable_reason, unreachable_at,
    coaching_started_at, first_coached_at, coaching_offered_at, time_zone_confirmed
  FROM managers;
DROP TABLE managers;
ALTER TABLE managers_new RENAME TO managers;

CREATE TABLE faq_questions_new (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  team_id     TEXT,                      -- NULL with user_id when asked from the CLI
  user_id     TEXT,
  question    TEXT NOT NULL CHECK (length(question) <= 4000),
  normalized  TEXT NOT NULL,             -- lowercased, stop words removed: groups the same gap asked differently
  matched     INTEGER NOT NULL CHECK (matched IN (0, 1)),
  entry_id    TEXT,                      -- the best entry shown, when matched (not a foreign key: content can change)
  confidence  REAL NOT NULL,
  channel     TEXT NOT NULL CHECK (channel IN ('slack', 'cli')),
  asked_at    TEXT NOT NULL,             -- UTC ISO instant
  closest_entry_id TEXT,
  plausible   INTEGER NOT NULL DEFAULT 0 CHECK (plausible IN (0, 1)),
  chosen_entry_id TEXT,
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO faq_questions_new (id, team_id, user_id, question, normalized, matched, entry_id, confidence, channel, asked_at,
  closest_entry_id, plausible, chosen_entry_id)
  SELECT q.id, CASE WHEN q.user_id IS NULL THEN NULL ELSE (SELECT m.team_id FROM managers m WHERE m.user_id = q.user_id) END,
    q.user_id, q.question, q.normalized, q.matched, q.entry_id, q.confidence, q.channel, q.asked_at,
    q.closest_entry_id, q.plausible, q.chosen_entry_id
  FROM faq_questions q;

CREATE TABLE faq_votes_new (
  question_id INTEGER NOT NULL REFERENCES faq_questions_new (id) ON DELETE CASCADE,
  entry_id    TEXT NOT NULL,
  team_id     TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  helpful     INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  voted_at    TEXT NOT NULL,
  PRIMARY KEY (question_id, entry_id, team_id, user_id)
);
INSERT INTO faq_votes_new (question_id, entry_id, team_id, user_id, helpful, voted_at)
  SELECT v.question_id, v.entry_id,
    COALESCE((SELECT m.team_id FROM managers m WHERE m.user_id = v.user_id), (SELECT team_id FROM legacy_team)),
    v.user_id, v.helpful, v.voted_at
  FROM faq_votes v;

CREATE TABLE faq_learning_new (
  term_key   TEXT NOT NULL,
  entry_id   TEXT NOT NULL,
  team_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  signal     INTEGER NOT NULL CHECK (signal IN (-1, 1)),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (term_key, entry_id, team_id, user_id),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO faq_learning_new (term_key, entry_id, team_id, user_id, signal, updated_at)
  SELECT l.term_key, l.entry_id, (SELECT m.team_id FROM managers m WHERE m.user_id = l.user_id), l.user_id, l.signal, l.updated_at
  FROM faq_learning l;

CREATE TABLE time_entries_new (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  team_id     TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  category    TEXT NOT NULL CHECK (category IN ('coding', 'people', 'meetings', 'strategy', 'improvement', 'firefighting')),
  minutes     INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 960),
  local_date  TEXT NOT NULL,            -- YYYY-MM-DD: the day in the manager's zone the time belongs to
  time_zone   TEXT NOT NULL,            -- the IANA zone local_date was reckoned in
  note        TEXT CHECK (note IS NULL OR length(note) <= 500),
  source      TEXT NOT NULL CHECK (source IN ('command', 'modal', 'checkin')),
  created_at  TEXT NOT NULL,            -- UTC ISO instant
  request_key TEXT,                     -- Slack's id for the request that created it: a retried request stores nothing twice
  UNIQUE (team_id, request_key),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO time_entries_new (id, team_id, user_id, category, minutes, local_date, time_zone, note, source, created_at, request_key)
  SELECT e.id, (SELECT m.team_id FROM managers m WHERE m.user_id = e.user_id), e.user_id, e.category, e.minutes, e.local_date,
    e.time_zone, e.note, e.source, e.created_at, e.request_key
  FROM time_entries e;

CREATE TABLE manager_targets_new (
  team_id     TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  category    TEXT NOT NULL CHECK (category IN ('coding', 'people', 'meetings', 'strategy', 'improvement', 'firefighting')),
  min_percent INTEGER NOT NULL CHECK (min_percent BETWEEN 0 AND 100),
  max_percent INTEGER NOT NULL CHECK (max_percent BETWEEN 0 AND 100 AND max_percent >= min_percent),
  PRIMARY KEY (team_id, user_id, category),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO manager_targets_new (team_id, user_id, category, min_percent, max_percent)
  SELECT (SELECT m.team_id FROM managers m WHERE m.user_id = t.user_id), t.user_id, t.category, t.min_percent, t.max_percent
  FROM manager_targets t;

CREATE TABLE improvement_answers_new (
  team_id     TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  week_start  TEXT NOT NULL,            -- local Monday, YYYY-MM-DD
  at_target   INTEGER NOT NULL CHECK (at_target IN (0, 1)),
  answered_at TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id, week_start),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO improvement_answers_new (team_id, user_id, week_start, at_target, answered_at)
  SELECT (SELECT m.team_id FROM managers m WHERE m.user_id = a.user_id), a.user_id, a.week_start, a.at_target, a.answered_at
  FROM improvement_answers a;

CREATE TABLE time_log_actions_new (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  team_id          TEXT NOT NULL,
  user_id          TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('log', 'form', 'edit', 'delete')),
  local_date       TEXT NOT NULL,        -- the day the action is about (YYYY-MM-DD), for the undo message
  before_rows      TEXT NOT NULL,        -- JSON array of time entries as they were
  after_rows       TEXT NOT NULL,        -- JSON array of time entries as the action left them
  created_at       TEXT NOT NULL,        -- UTC ISO instant
  undone_at        TEXT,                 -- set once undone; an undone action is never undone again
  undo_request_key TEXT,                -- Slack's id for the undo request: a replayed undo undoes nothing more
  UNIQUE (team_id, undo_request_key),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO time_log_actions_new (id, team_id, user_id, kind, local_date, before_rows, after_rows, created_at, undone_at, undo_request_key)
  SELECT a.id, (SELECT m.team_id FROM managers m WHERE m.user_id = a.user_id), a.user_id, a.kind, a.local_date, a.before_rows,
    a.after_rows, a.created_at, a.undone_at, a.undo_request_key
  FROM time_log_actions a;

CREATE TABLE deliveries_new (
  team_id     TEXT NOT NULL,
  key         TEXT NOT NULL,                    -- e.g. nudge:no-code-block:U123:2026-11-16, weekly-summary:U123:2026-11-09
  user_id     TEXT,                             -- NULL for channel posts
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
  context     TEXT,                             -- JSON the sender needs to act on button presses (occurrence details)
  retry_at    TEXT,
  PRIMARY KEY (team_id, key),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO deliveries_new (team_id, key, user_id, kind, due_at, status, attempts, last_error, channel, ts, claimed_at, sent_at,
  claim_token, payload, context, retry_at)
  SELECT COALESCE((SELECT m.team_id FROM managers m WHERE m.user_id = d.user_id), (SELECT team_id FROM legacy_team)),
    d.key, d.user_id, d.kind, d.due_at, d.status, d.attempts, d.last_error, d.channel, d.ts, d.claimed_at, d.sent_at,
    d.claim_token, d.payload, d.context, d.retry_at
  FROM deliveries d;

CREATE TABLE nudge_opt_outs_new (
  team_id      TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  nudge_id     TEXT NOT NULL,
  opted_out_at TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id, nudge_id),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO nudge_opt_outs_new (team_id, user_id, nudge_id, opted_out_at)
  SELECT (SELECT m.team_id FROM managers m WHERE m.user_id = o.user_id), o.user_id, o.nudge_id, o.opted_out_at
  FROM nudge_opt_outs o;

CREATE TABLE nudge_cursors_new (
  team_id       TEXT NOT NULL,
  user_id       TEXT NOT NULL,
  checked_until TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO nudge_cursors_new (team_id, user_id, checked_until)
  SELECT (SELECT m.team_id FROM managers m WHERE m.user_id = c.user_id), c.user_id, c.checked_until
  FROM nudge_cursors c;

CREATE TABLE nudge_snoozes_new (
  team_id      TEXT NOT NULL,
  delivery_key TEXT NOT NULL,                   -- key the re-sent nudge will be delivered under
  origin_key   TEXT NOT NULL,                   -- delivery that was snoozed
  user_id      TEXT NOT NULL,
  nudge_id     TEXT NOT NULL,
  due_at       TEXT NOT NULL,                   -- UTC ISO instant
  occurrence   TEXT NOT NULL,                   -- JSON of the original occurrence, to rebuild the message
  created_at   TEXT NOT NULL,
  PRIMARY KEY (team_id, delivery_key),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO nudge_snoozes_new (team_id, delivery_key, origin_key, user_id, nudge_id, due_at, occurrence, created_at)
  SELECT (SELECT m.team_id FROM managers m WHERE m.user_id = s.user_id), s.delivery_key, s.origin_key, s.user_id, s.nudge_id,
    s.due_at, s.occurrence, s.created_at
  FROM nudge_snoozes s;

CREATE TABLE nudge_responses_new (
  team_id      TEXT NOT NULL,
  key          TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  response     TEXT NOT NULL CHECK (response IN ('done', 'skipped', 'snoozed', 'turned-off')),
  responded_at TEXT NOT NULL,
  PRIMARY KEY (team_id, key),
  FOREIGN KEY (team_id, key) REFERENCES deliveries_new (team_id, key) ON DELETE CASCADE,
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO nudge_responses_new (team_id, key, user_id, response, responded_at)
  SELECT (SELECT m.team_id FROM managers m WHERE m.user_id = r.user_id), r.key, r.user_id, r.response, r.responded_at
  FROM nudge_responses r;

CREATE TABLE one_on_ones_new (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  team_id        TEXT NOT NULL,
  manager_id     TEXT NOT NULL,
  report_user_id TEXT NOT NULL,                 -- the report's Slack user id
  weekday        INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7), -- ISO, 1 = Monday
  local_time     TEXT NOT NULL CHECK (local_time GLOB '[0-2][0-9]:[0-5][0-9]'), -- manager's local HH:MM
  cadence        TEXT NOT NULL CHECK (cadence IN ('weekly', 'biweekly')),
  anchor_date    TEXT NOT NULL,                 -- local YYYY-MM-DD of the first meeting (biweekly counts from here)
  created_at     TEXT NOT NULL,
  UNIQUE (team_id, manager_id, report_user_id),
  FOREIGN KEY (team_id, manager_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO one_on_ones_new (id, team_id, manager_id, report_user_id, weekday, local_time, cadence, anchor_date, created_at)
  SELECT o.id, (SELECT m.team_id FROM managers m WHERE m.user_id = o.manager_id), o.manager_id, o.report_user_id, o.weekday,
    o.local_time, o.cadence, o.anchor_date, o.created_at
  FROM one_on_ones o;

CREATE TABLE agenda_items_new (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  one_on_one_id  INTEGER NOT NULL REFERENCES one_on_ones_new (id) ON DELETE CASCADE,
  team_id        TEXT NOT NULL,
  manager_id     TEXT NOT NULL,
  text           TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
  status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  created_at     TEXT NOT NULL,
  done_at        TEXT,
  FOREIGN KEY (team_id, manager_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO agenda_items_new (id, one_on_one_id, team_id, manager_id, text, status, created_at, done_at)
  SELECT a.id, a.one_on_one_id, (SELECT m.team_id FROM managers m WHERE m.user_id = a.manager_id), a.manager_id, a.text,
    a.status, a.created_at, a.done_at
  FROM agenda_items a;

CREATE TABLE summary_settings_new (
  team_id     TEXT PRIMARY KEY,                  -- one row per workspace; a workspace without one has the defaults
  channel_id  TEXT,                              -- C.../G...; NULL until an admin picks one
  set_by      TEXT,                              -- the admin who picked the channel: told when posting fails
  set_at      TEXT,                              -- UTC ISO instant
  time_zone   TEXT NOT NULL DEFAULT 'UTC',       -- IANA zone the Monday 10:00 post is reckoned in
  version     INTEGER NOT NULL DEFAULT 0,        -- bumped on every channel change: a failed week may be retried after a fix
  min_group   INTEGER NOT NULL DEFAULT 5 CHECK (min_group BETWEEN 3 AND 50)
);
INSERT INTO summary_settings_new (team_id, channel_id, set_by, set_at, time_zone, version, min_group)
  SELECT (SELECT team_id FROM legacy_team), channel_id, set_by, set_at, time_zone, version, min_group
  FROM summary_settings WHERE id = 1;

CREATE TABLE cohort_posts_new (
  team_id          TEXT NOT NULL,
  week_start       TEXT NOT NULL,                -- the summarised Monday, YYYY-MM-DD
  channel_id       TEXT NOT NULL,
  settings_version INTEGER NOT NULL,             -- summary_settings.version the attempt used
  status           TEXT NOT NULL CHECK (status IN ('posted', 'failed', 'empty')),
  message_ts       TEXT,
  error            TEXT,                         -- Slack's error code when status = 'failed'
  chart_status     TEXT CHECK (chart_status IS NULL OR chart_status IN ('uploading', 'uploaded', 'failed', 'skipped', 'native')),
  chart_file_id    TEXT,
  chart_error      TEXT,
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (team_id, week_start)
);
INSERT INTO cohort_posts_new (team_id, week_start, channel_id, settings_version, status, message_ts, error, chart_status,
  chart_file_id, chart_error, updated_at)
  SELECT (SELECT team_id FROM legacy_team), week_start, channel_id, settings_version, status, message_ts, error, chart_status,
    chart_file_id, chart_error, updated_at
  FROM cohort_posts;

CREATE TABLE personal_summaries_new (
  team_id     TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  week_start  TEXT NOT NULL,                     -- the summarised Monday, YYYY-MM-DD
  kind        TEXT NOT NULL CHECK (kind IN ('report', 'no-data')),
  status      TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
  error       TEXT,
  handled_at  TEXT NOT NULL,
  PRIMARY KEY (team_id, week_start, user_id),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO personal_summaries_new (team_id, user_id, week_start, kind, status, error, handled_at)
  SELECT (SELECT m.team_id FROM managers m WHERE m.user_id = p.user_id), p.user_id, p.week_start, p.kind, p.status, p.error, p.handled_at
  FROM personal_summaries p;

CREATE TABLE coaching_invitations_new (
  team_id     TEXT NOT NULL,
  user_id     TEXT NOT NULL,                     -- Slack user id of the invitee
  channel_id  TEXT NOT NULL,                     -- the channel the admin enrolled
  invited_at  TEXT NOT NULL,                     -- UTC ISO instant
  answer      TEXT CHECK (answer IN ('started', 'declined')),
  answered_at TEXT,
  PRIMARY KEY (team_id, user_id)
);
INSERT INTO coaching_invitations_new (team_id, user_id, channel_id, invited_at, answer, answered_at)
  SELECT team_id, user_id, channel_id, invited_at, answer, answered_at FROM coaching_invitations;

CREATE TABLE nudge_schedules_new (
  team_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  nudge_id   TEXT NOT NULL,
  local_time TEXT CHECK (local_time IS NULL OR local_time GLOB '[0-2][0-9]:[0-5][0-9]'), -- manager's local HH:MM
  weekdays   TEXT CHECK (weekdays IS NULL OR weekdays GLOB '[1-7]*'),                    -- ISO weekdays, comma-separated, 1 = Monday
  updated_at TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id, nudge_id),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO nudge_schedules_new (team_id, user_id, nudge_id, local_time, weekdays, updated_at)
  SELECT (SELECT m.team_id FROM managers m WHERE m.user_id = s.user_id), s.user_id, s.nudge_id, s.local_time, s.weekdays, s.updated_at
  FROM nudge_schedules s;

CREATE TABLE nudge_cadence_new (
  team_id        TEXT NOT NULL,
  user_id        TEXT NOT NULL,
  nudge_id       TEXT NOT NULL,
  ignored_in_row INTEGER NOT NULL DEFAULT 0,
  less_often     TEXT NOT NULL DEFAULT 'no' CHECK (less_often IN ('no', 'backed-off', 'chosen')),
  ask_pending    INTEGER NOT NULL DEFAULT 0 CHECK (ask_pending IN (0, 1)),
  done_week      TEXT,                          -- local Monday (YYYY-MM-DD) of the week it was marked Done
  PRIMARY KEY (team_id, user_id, nudge_id),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO nudge_cadence_new (team_id, user_id, nudge_id, ignored_in_row, less_often, ask_pending, done_week)
  SELECT (SELECT m.team_id FROM managers m WHERE m.user_id = c.user_id), c.user_id, c.nudge_id, c.ignored_in_row, c.less_often,
    c.ask_pending, c.done_week
  FROM nudge_cadence c;

CREATE TABLE workspace_holidays_new (
  team_id  TEXT NOT NULL,
  date     TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  name     TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  added_by TEXT NOT NULL,
  added_at TEXT NOT NULL,
  PRIMARY KEY (team_id, date)
);
INSERT INTO workspace_holidays_new (team_id, date, name, added_by, added_at)
  SELECT (SELECT team_id FROM legacy_team), date, name, added_by, added_at FROM workspace_holidays;

CREATE TABLE calendar_links_new (
  team_id         TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  url_cipher      TEXT NOT NULL,                 -- "v1:" + base64(iv | tag | ciphertext)
  url_hint        TEXT NOT NULL,                 -- what the manager is shown: host and the last 4 characters
  linked_at       TEXT NOT NULL,                 -- UTC ISO instant
  last_ok_at      TEXT,                          -- last successful read
  failures        INTEGER NOT NULL DEFAULT 0,    -- reads failed in a row
  failing_since   TEXT,                          -- first failure of the current run of failures
  last_problem    TEXT,                          -- what went wrong last, in words (never the address)
  next_refresh_at TEXT NOT NULL,                 -- when the refresh job reads it next (backoff after failures)
  PRIMARY KEY (team_id, user_id),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO calendar_links_new (team_id, user_id, url_cipher, url_hint, linked_at, last_ok_at, failures, failing_since, last_problem,
  next_refresh_at)
  SELECT (SELECT m.team_id FROM managers m WHERE m.user_id = l.user_id), l.user_id, l.url_cipher, l.url_hint, l.linked_at,
    l.last_ok_at, l.failures, l.failing_since, l.last_problem, l.next_refresh_at
  FROM calendar_links l;

CREATE TABLE calendar_days_new (
  team_id         TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  local_date      TEXT NOT NULL,                 -- YYYY-MM-DD
  minutes         TEXT NOT NULL,                 -- JSON {category: minutes} of timed events, overlaps counted once
  no_code_minutes INTEGER NOT NULL,              -- minutes of focus / no-code / deep-work blocks
  events          INTEGER NOT NULL,              -- events that count (declined and cancelled ones do not)
  PRIMARY KEY (team_id, user_id, local_date),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO calendar_days_new (team_id, user_id, local_date, minutes, no_code_minutes, events)
  SELECT (SELECT m.team_id FROM managers m WHERE m.user_id = d.user_id), d.user_id, d.local_date, d.minutes, d.no_code_minutes, d.events
  FROM calendar_days d;

CREATE TABLE calendar_rules_new (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  team_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  phrase     TEXT NOT NULL CHECK (length(phrase) BETWEEN 1 AND 60),
  category   TEXT NOT NULL CHECK (category IN ('coding', 'people', 'meetings', 'strategy', 'improvement', 'firefighting')),
  created_at TEXT NOT NULL,
  UNIQUE (team_id, user_id, phrase),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
);
INSERT INTO calendar_rules_new (id, team_id, user_id, phrase, category, created_at)
  SELECT r.id, (SELECT m.team_id FROM managers m WHERE m.user_id = r.user_id), r.user_id, r.phrase, r.category, r.created_at
  FROM calendar_rules r;

CREATE TABLE calendar_logged_days_new (
  team_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  local_date TEXT NOT NULL,
  logged_at  TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id, local_date),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO calendar_logged_days_new (team_id, user_id, local_date, logged_at)
  SELECT (SELECT m.team_id FROM managers m WHERE m.user_id = d.user_id), d.user_id, d.local_date, d.logged_at
  FROM calendar_logged_days d;

CREATE TABLE calendar_one_on_ones_new (
  team_id     TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  series_uid  TEXT NOT NULL,                     -- the event's UID (hashed: UIDs can carry addresses)
  title       TEXT NOT NULL,
  weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  local_time  TEXT NOT NULL,                     -- HH:MM in the manager's zone
  cadence     TEXT NOT NULL CHECK (cadence IN ('weekly', 'biweekly')),
  first_date  TEXT NOT NULL,                     -- next occurrence (YYYY-MM-DD) when found
  state       TEXT NOT NULL DEFAULT 'found' CHECK (state IN ('found', 'offered', 'accepted', 'dismissed')),
  report_user_id TEXT,                           -- once accepted: whose 1:1 in the registry it is (a moved series moves it)
  found_at    TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id, series_uid),
  FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO calendar_one_on_ones_new (team_id, user_id, series_uid, title, weekday, local_time, cadence, first_date, state,
  report_user_id, found_at)
  SELECT (SELECT m.team_id FROM managers m WHERE m.user_id = c.user_id), c.user_id, c.series_uid, c.title, c.weekday, c.local_time,
    c.cadence, c.first_date, c.state, c.report_user_id, c.found_at
  FROM calendar_one_on_ones c;

-- Children first: their rows were copied above, and with foreign keys off nothing cascades.
DROP TABLE faq_votes;
DROP TABLE faq_learning;
DROP TABLE faq_questions;
DROP TABLE time_entries;
DROP TABLE manager_targets;
DROP TABLE improvement_answers;
DROP TABLE time_log_actions;
DROP TABLE nudge_responses;
DROP TABLE deliveries;
DROP TABLE nudge_opt_outs;
DROP TABLE nudge_cursors;
DROP TABLE nudge_snoozes;
DROP TABLE agenda_items;
DROP TABLE one_on_ones;
DROP TABLE summary_settings;
DROP TABLE cohort_posts;
DROP TABLE personal_summaries;
DROP TABLE coaching_invitations;
DROP TABLE nudge_schedules;
DROP TABLE nudge_cadence;
DROP TABLE workspace_holidays;
DROP TABLE calendar_links;
DROP TABLE calendar_days;
DROP TABLE calendar_rules;
DROP TABLE calendar_logged_days;
DROP TABLE calendar_one_on_ones;

ALTER TABLE faq_questions_new RENAME TO faq_questions;
ALTER TABLE faq_votes_new RENAME TO faq_votes;
ALTER TABLE faq_learning_new RENAME TO faq_learning;
ALTER TABLE time_entries_new RENAME TO time_entries;
ALTER TABLE manager_targets_new RENAME TO manager_targets;
ALTER TABLE improvement_answers_new RENAME TO improvement_answers;
ALTER TABLE time_log_actions_new RENAME TO time_log_actions;
ALTER TABLE deliveries_new RENAME TO deliveries;
ALTER TABLE nudge_opt_outs_new RENAME TO nudge_opt_outs;
ALTER TABLE nudge_cursors_new RENAME TO nudge_cursors;
ALTER TABLE nudge_snoozes_new RENAME TO nudge_snoozes;
ALTER TABLE nudge_responses_new RENAME TO nudge_responses;
ALTER TABLE one_on_ones_new RENAME TO one_on_ones;
ALTER TABLE agenda_items_new RENAME TO agenda_items;
ALTER TABLE summary_settings_new RENAME TO summary_settings;
ALTER TABLE cohort_posts_new RENAME TO cohort_posts;
ALTER TABLE personal_summaries_new RENAME TO personal_summaries;
ALTER TABLE coaching_invitations_new RENAME TO coaching_invitations;
ALTER TABLE nudge_schedules_new RENAME TO nudge_schedules;
ALTER TABLE nudge_cadence_new RENAME TO nudge_cadence;
ALTER TABLE workspace_holidays_new RENAME TO workspace_holidays;
ALTER TABLE calendar_links_new RENAME TO calendar_links;
ALTER TABLE calendar_days_new RENAME TO calendar_days;
ALTER TABLE calendar_rules_new RENAME TO calendar_rules;
ALTER TABLE calendar_logged_days_new RENAME TO calendar_logged_days;
ALTER TABLE calendar_one_on_ones_new RENAME TO calendar_one_on_ones;

CREATE INDEX faq_questions_user ON faq_questions (team_id, user_id);
CREATE INDEX faq_questions_gaps ON faq_questions (normalized) WHERE matched = 0;
CREATE INDEX faq_learning_user ON faq_learning (team_id, user_id);
CREATE INDEX time_entries_user_date ON time_entries (team_id, user_id, local_date);
CREATE INDEX time_entries_date ON time_entries (team_id, local_date);
CREATE INDEX time_entries_week_summary ON time_entries (team_id, local_date, user_id, category, minutes);
CREATE INDEX improvement_answers_week ON improvement_answers (team_id, week_start);
CREATE INDEX time_log_actions_user ON time_log_actions (team_id, user_id, id);
CREATE INDEX deliveries_claimed ON deliveries (status, claimed_at);
CREATE INDEX deliveries_user_kind ON deliveries (team_id, user_id, kind);
CREATE INDEX deliveries_retry ON deliveries (status, retry_at);
CREATE INDEX deliveries_payload_kept ON deliveries (claimed_at) WHERE payload IS NOT NULL;
CREATE INDEX nudge_snoozes_due ON nudge_snoozes (due_at);
CREATE INDEX agenda_items_open ON agenda_items (one_on_one_id, status);
CREATE INDEX calendar_links_due ON calendar_links (next_refresh_at);

CREATE TRIGGER coaching_invitations_forget AFTER DELETE ON coaching_invitations
BEGIN
  DELETE FROM deliveries WHERE team_id = OLD.team_id AND key = 'invite:' || OLD.user_id;
END;

DROP TABLE temp.legacy_team;
