-- "Did you mean…?" and learning from use (issue 14).
-- The nearest entry of a question that got no confident answer (NULL for older rows and for
-- questions nothing resembles): faq-gaps groups declined and low-confidence questions by it.
ALTER TABLE faq_questions ADD COLUMN closest_entry_id TEXT;
-- 1 when the answer was "not sure, did you mean…?" rather than a confident answer or a dead end.
ALTER TABLE faq_questions ADD COLUMN plausible INTEGER NOT NULL DEFAULT 0 CHECK (plausible IN (0, 1));
-- The candidate the asker picked from "Did you mean…?" (not a foreign key: content can change).
ALTER TABLE faq_questions ADD COLUMN chosen_entry_id TEXT;

-- What people told us about an entry for a way of asking (the question's topic words): +1 for a
-- "Did you mean" choice or a Helpful vote, -1 for Not helpful. One row per person, key and entry,
-- so pressing fifty times counts once; the search only listens once several people agree.
CREATE TABLE faq_learning (
  term_key   TEXT NOT NULL,
  entry_id   TEXT NOT NULL,
  user_id    TEXT NOT NULL REFERENCES managers (user_id) ON DELETE CASCADE,
  signal     INTEGER NOT NULL CHECK (signal IN (-1, 1)),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (term_key, entry_id, user_id)
);
CREATE INDEX faq_learning_user ON faq_learning (user_id);
