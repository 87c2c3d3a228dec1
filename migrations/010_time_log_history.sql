-- The journal of changes to a manager's time log, so that `/lead undo` reverts a whole action
-- (a single log, a day-form save, an edit or a delete) at once. Rows hold the entries as they
-- were before and after the action, as JSON arrays; undo deletes the "after" ids and restores
-- the "before" rows with their ids. The user_id column lets forget-me find and delete it.
CREATE TABLE time_log_actions (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id          TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  kind             TEXT NOT NULL CHECK (kind IN ('log', 'form', 'edit', 'delete')),
  local_date       TEXT NOT NULL,        -- the day the action is about (YYYY-MM-DD), for the undo message
  before_rows      TEXT NOT NULL,        -- JSON array of time entries as they were
  after_rows       TEXT NOT NULL,        -- JSON array of time entries as the action left them
  created_at       TEXT NOT NULL,        -- UTC ISO instant
  undone_at        TEXT,                 -- set once undone; an undone action is never undone again
  undo_request_key TEXT UNIQUE           -- Slack's id for the undo request: a replayed undo undoes nothing more
);
CREATE INDEX time_log_actions_user ON time_log_actions (user_id, id);
