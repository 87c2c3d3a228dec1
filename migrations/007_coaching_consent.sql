-- Consent: nudges go only to managers who chose to start coaching (/lead start or a Start coaching
-- button). A managers row alone (made by /lead help, faq, log...) no longer means "send me nudges".
ALTER TABLE managers ADD COLUMN coaching_started_at TEXT;  -- UTC ISO instant of the current start; NULL = not coaching
ALTER TABLE managers ADD COLUMN first_coached_at TEXT;     -- UTC ISO instant of the very first start (kept after /lead stop)
ALTER TABLE managers ADD COLUMN coaching_offered_at TEXT;  -- when the first /lead answer offered Start coaching (offered once)

-- Everyone enrolled before consent existed chose lead-coach under the old rules: they keep their nudges.
UPDATE managers SET coaching_started_at = enrolled_at, first_coached_at = enrolled_at, coaching_offered_at = enrolled_at;

-- `/lead enroll #channel` invites; it starts nobody. One row per person ever invited (not a manager
-- until they use lead-coach), so nobody is invited twice and "No thanks" is remembered.
CREATE TABLE coaching_invitations (
  user_id     TEXT PRIMARY KEY,                  -- Slack user id of the invitee
  team_id     TEXT NOT NULL,
  channel_id  TEXT NOT NULL,                     -- the channel the admin enrolled
  invited_at  TEXT NOT NULL,                     -- UTC ISO instant
  answer      TEXT CHECK (answer IN ('started', 'declined')),
  answered_at TEXT
);

-- The invitation DM's delivery row has no user_id (invitees need not be managers), so forget-me,
-- which deletes this table's row by user_id, takes the delivery with it here.
CREATE TRIGGER coaching_invitations_forget AFTER DELETE ON coaching_invitations
BEGIN
  DELETE FROM deliveries WHERE key = 'invite:' || OLD.user_id;
END;
