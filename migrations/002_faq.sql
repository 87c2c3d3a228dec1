-- The FAQ knowledge base, copied from content/faq/*.yaml at start (re-copied only when the content changes).
CREATE TABLE faq_entries (
  id           TEXT PRIMARY KEY,          -- stable id, also the YAML file name
  position     INTEGER NOT NULL,          -- order within the content (for stable listings)
  title        TEXT NOT NULL,             -- phrased as the question
  phrasings    TEXT NOT NULL,             -- JSON array of other ways people ask it
  answer       TEXT NOT NULL,
  next_step    TEXT NOT NULL,
  topic        TEXT NOT NULL,
  tags         TEXT NOT NULL,             -- JSON array
  source_title TEXT NOT NULL,
  source_file  TEXT NOT NULL,             -- file name in ../shared/seeds/
  content_file TEXT NOT NULL              -- where the entry lives, for curators
);
CREATE INDEX faq_entries_topic ON faq_entries (topic, position);

CREATE TABLE faq_topics (
  id          TEXT PRIMARY KEY,
  position    INTEGER NOT NULL,
  label       TEXT NOT NULL,
  description TEXT NOT NULL
);

-- Full-text index over the entries. Text is stored already normalised (synonyms folded to one
-- spelling, e.g. "1:1" and "one-on-one" both become "oneonone") so questions and entries meet.
CREATE VIRTUAL TABLE faq_fts USING fts5 (
  entry_id UNINDEXED,
  title,
  phrasings,
  tags,
  answer,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- The title and each phrasing as its own row, so a question can be matched against the single
-- way of asking it most resembles (a long list of phrasings does not dilute the best one).
CREATE VIRTUAL TABLE faq_question_fts USING fts5 (
  entry_id UNINDEXED,
  text,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- One row: the hash of the content last indexed, so a restart with unchanged content skips re-indexing.
CREATE TABLE faq_index_state (
  singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
  content_hash TEXT NOT NULL,
  entry_count  INTEGER NOT NULL,
  indexed_at   TEXT NOT NULL
);

-- Every question asked, with what it matched. Unmatched ones are the content gaps curators review.
CREATE TABLE faq_questions (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id     TEXT REFERENCES managers (user_id) ON DELETE CASCADE, -- NULL when asked from the CLI
  question    TEXT NOT NULL CHECK (length(question) <= 4000),
  normalized  TEXT NOT NULL,             -- lowercased, stop words removed: groups the same gap asked differently
  matched     INTEGER NOT NULL CHECK (matched IN (0, 1)),
  entry_id    TEXT,                      -- the best entry shown, when matched (not a foreign key: content can change)
  confidence  REAL NOT NULL,
  channel     TEXT NOT NULL CHECK (channel IN ('slack', 'cli')),
  asked_at    TEXT NOT NULL              -- UTC ISO instant
);
CREATE INDEX faq_questions_gaps ON faq_questions (matched, normalized);
CREATE INDEX faq_questions_user ON faq_questions (user_id);

-- "Helpful" / "Not helpful" on an answer; a second click by the same person changes their vote.
CREATE TABLE faq_votes (
  question_id INTEGER NOT NULL REFERENCES faq_questions (id) ON DELETE CASCADE,
  entry_id    TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  helpful     INTEGER NOT NULL CHECK (helpful IN (0, 1)),
  voted_at    TEXT NOT NULL,
  PRIMARY KEY (question_id, entry_id, user_id)
);
