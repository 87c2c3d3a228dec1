-- Everything stored is keyed by workspace and user (issue 12): the PostgreSQL side of
-- migrations/015_workspace_keys.sql, which explains the keys. `team_id` is the workspace key of the
-- install that wrote the row (the Slack team id, or the org id of an org-wide install). Primary,
-- unique and foreign keys to managers gain it. Rows that belong to no manager take the one team of
-- the existing install, or '' in a database without managers (the app adopts those at start).
CREATE TEMP TABLE legacy_team ON COMMIT DROP AS
  SELECT COALESCE(
    (SELECT team_id FROM managers GROUP BY team_id ORDER BY count(*) DESC, team_id LIMIT 1),
    (SELECT team_id FROM coaching_invitations GROUP BY team_id ORDER BY count(*) DESC, team_id LIMIT 1),
    ''
  ) AS team_id;

-- Dropping the old keys drops the foreign keys that point at them; each table adds its new one below.
ALTER TABLE managers DROP CONSTRAINT managers_pkey CASCADE;
ALTER TABLE managers ADD PRIMARY KEY (team_id, user_id);
DROP INDEX managers_team;

ALTER TABLE faq_questions ADD COLUMN team_id TEXT; -- NULL with user_id when asked from the CLI
UPDATE faq_questions x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE faq_questions ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;
DROP INDEX faq_questions_user;
CREATE INDEX faq_questions_user ON faq_questions (team_id, user_id);

ALTER TABLE faq_votes ADD COLUMN team_id TEXT;
UPDATE faq_votes x SET team_id = COALESCE((SELECT m.team_id FROM managers m WHERE m.user_id = x.user_id), (SELECT team_id FROM legacy_team));
ALTER TABLE faq_votes ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE faq_votes DROP CONSTRAINT faq_votes_pkey, ADD PRIMARY KEY (question_id, entry_id, team_id, user_id);

ALTER TABLE deliveries ADD COLUMN team_id TEXT;
UPDATE deliveries x SET team_id = COALESCE((SELECT m.team_id FROM managers m WHERE m.user_id = x.user_id), (SELECT team_id FROM legacy_team));
ALTER TABLE deliveries ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_pkey CASCADE; -- and nudge_responses' key to it
ALTER TABLE deliveries ADD PRIMARY KEY (team_id, key);
ALTER TABLE deliveries ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;
DROP INDEX deliveries_user_kind;
CREATE INDEX deliveries_user_kind ON deliveries (team_id, user_id, kind);

ALTER TABLE faq_learning ADD COLUMN team_id TEXT;
UPDATE faq_learning x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE faq_learning ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE faq_learning DROP CONSTRAINT faq_learning_pkey, ADD PRIMARY KEY (term_key, entry_id, team_id, user_id);
ALTER TABLE faq_learning ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE time_entries ADD COLUMN team_id TEXT;
UPDATE time_entries x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE time_entries ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE time_entries ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE manager_targets ADD COLUMN team_id TEXT;
UPDATE manager_targets x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE manager_targets ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE manager_targets DROP CONSTRAINT manager_targets_pkey, ADD PRIMARY KEY (team_id, user_id, category);
ALTER TABLE manager_targets ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE improvement_answers ADD COLUMN team_id TEXT;
UPDATE improvement_answers x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE improvement_answers ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE improvement_answers DROP CONSTRAINT improvement_answers_pkey, ADD PRIMARY KEY (team_id, user_id, week_start);
ALTER TABLE improvement_answers ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE time_log_actions ADD COLUMN team_id TEXT;
UPDATE time_log_actions x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE time_log_actions ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE time_log_actions ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE nudge_opt_outs ADD COLUMN team_id TEXT;
UPDATE nudge_opt_outs x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE nudge_opt_outs ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE nudge_opt_outs DROP CONSTRAINT nudge_opt_outs_pkey, ADD PRIMARY KEY (team_id, user_id, nudge_id);
ALTER TABLE nudge_opt_outs ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE nudge_cursors ADD COLUMN team_id TEXT;
UPDATE nudge_cursors x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE nudge_cursors ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE nudge_cursors DROP CONSTRAINT nudge_cursors_pkey, ADD PRIMARY KEY (team_id, user_id);
ALTER TABLE nudge_cursors ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE nudge_snoozes ADD COLUMN team_id TEXT;
UPDATE nudge_snoozes x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE nudge_snoozes ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE nudge_snoozes DROP CONSTRAINT nudge_snoozes_pkey, ADD PRIMARY KEY (team_id, delivery_key);
ALTER TABLE nudge_snoozes ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE nudge_responses ADD COLUMN team_id TEXT;
UPDATE nudge_responses x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE nudge_responses ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE nudge_responses DROP CONSTRAINT nudge_responses_pkey, ADD PRIMARY KEY (team_id, key);
ALTER TABLE nudge_responses ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE one_on_ones ADD COLUMN team_id TEXT;
UPDATE one_on_ones x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.manager_id;
ALTER TABLE one_on_ones ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE one_on_ones ADD FOREIGN KEY (team_id, manager_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE agenda_items ADD COLUMN team_id TEXT;
UPDATE agenda_items x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.manager_id;
ALTER TABLE agenda_items ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE agenda_items ADD FOREIGN KEY (team_id, manager_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE personal_summaries ADD COLUMN team_id TEXT;
UPDATE personal_summaries x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE personal_summaries ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE personal_summaries DROP CONSTRAINT personal_summaries_pkey, ADD PRIMARY KEY (team_id, week_start, user_id);
ALTER TABLE personal_summaries ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE nudge_schedules ADD COLUMN team_id TEXT;
UPDATE nudge_schedules x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE nudge_schedules ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE nudge_schedules DROP CONSTRAINT nudge_schedules_pkey, ADD PRIMARY KEY (team_id, user_id, nudge_id);
ALTER TABLE nudge_schedules ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE nudge_cadence ADD COLUMN team_id TEXT;
UPDATE nudge_cadence x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE nudge_cadence ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE nudge_cadence DROP CONSTRAINT nudge_cadence_pkey, ADD PRIMARY KEY (team_id, user_id, nudge_id);
ALTER TABLE nudge_cadence ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE calendar_links ADD COLUMN team_id TEXT;
UPDATE calendar_links x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE calendar_links ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE calendar_links DROP CONSTRAINT calendar_links_pkey, ADD PRIMARY KEY (team_id, user_id);
ALTER TABLE calendar_links ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE calendar_days ADD COLUMN team_id TEXT;
UPDATE calendar_days x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE calendar_days ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE calendar_days DROP CONSTRAINT calendar_days_pkey, ADD PRIMARY KEY (team_id, user_id, local_date);
ALTER TABLE calendar_days ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE calendar_rules ADD COLUMN team_id TEXT;
UPDATE calendar_rules x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE calendar_rules ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE calendar_rules ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE calendar_logged_days ADD COLUMN team_id TEXT;
UPDATE calendar_logged_days x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE calendar_logged_days ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE calendar_logged_days DROP CONSTRAINT calendar_logged_days_pkey, ADD PRIMARY KEY (team_id, user_id, local_date);
ALTER TABLE calendar_logged_days ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;

ALTER TABLE calendar_one_on_ones ADD COLUMN team_id TEXT;
UPDATE calendar_one_on_ones x SET team_id = m.team_id FROM managers m WHERE m.user_id = x.user_id;
ALTER TABLE calendar_one_on_ones ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE calendar_one_on_ones DROP CONSTRAINT calendar_one_on_ones_pkey, ADD PRIMARY KEY (team_id, user_id, series_uid);
ALTER TABLE calendar_one_on_ones ADD FOREIGN KEY (team_id, user_id) REFERENCES managers (team_id, user_id) ON DELETE CASCADE;
ALTER TABLE nudge_responses ADD FOREIGN KEY (team_id, key) REFERENCES deliveries (team_id, key) ON DELETE CASCADE;
ALTER TABLE one_on_ones DROP CONSTRAINT one_on_ones_manager_id_report_user_id_key, ADD UNIQUE (team_id, manager_id, report_user_id);
ALTER TABLE calendar_rules DROP CONSTRAINT calendar_rules_user_id_phrase_key, ADD UNIQUE (team_id, user_id, phrase);
ALTER TABLE time_entries DROP CONSTRAINT time_entries_request_key_key, ADD UNIQUE (team_id, request_key);
ALTER TABLE time_log_actions DROP CONSTRAINT time_log_actions_undo_request_key_key, ADD UNIQUE (team_id, undo_request_key);

DROP INDEX faq_learning_user;
CREATE INDEX faq_learning_user ON faq_learning (team_id, user_id);
DROP INDEX time_entries_user_date;
CREATE INDEX time_entries_user_date ON time_entries (team_id, user_id, local_date);
DROP INDEX time_entries_date;
CREATE INDEX time_entries_date ON time_entries (team_id, local_date);
DROP INDEX time_entries_week_summary;
CREATE INDEX time_entries_week_summary ON time_entries (team_id, local_date, user_id, category, minutes);
DROP INDEX improvement_answers_week;
CREATE INDEX improvement_answers_week ON improvement_answers (team_id, week_start);
DROP INDEX time_log_actions_user;
CREATE INDEX time_log_actions_user ON time_log_actions (team_id, user_id, id);

-- One summary settings row per workspace (a workspace without one has the defaults).
ALTER TABLE summary_settings ADD COLUMN team_id TEXT;
UPDATE summary_settings SET team_id = (SELECT team_id FROM legacy_team);
ALTER TABLE summary_settings DROP COLUMN id;
ALTER TABLE summary_settings ALTER COLUMN team_id SET NOT NULL, ADD PRIMARY KEY (team_id);

ALTER TABLE cohort_posts ADD COLUMN team_id TEXT;
UPDATE cohort_posts SET team_id = (SELECT team_id FROM legacy_team);
ALTER TABLE cohort_posts ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE cohort_posts DROP CONSTRAINT cohort_posts_pkey, ADD PRIMARY KEY (team_id, week_start);

ALTER TABLE workspace_holidays ADD COLUMN team_id TEXT;
UPDATE workspace_holidays SET team_id = (SELECT team_id FROM legacy_team);
ALTER TABLE workspace_holidays ALTER COLUMN team_id SET NOT NULL;
ALTER TABLE workspace_holidays DROP CONSTRAINT workspace_holidays_pkey, ADD PRIMARY KEY (team_id, date);

ALTER TABLE coaching_invitations DROP CONSTRAINT coaching_invitations_pkey, ADD PRIMARY KEY (team_id, user_id);
CREATE OR REPLACE FUNCTION coaching_invitations_forget() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM deliveries WHERE team_id = OLD.team_id AND key = 'invite:' || OLD.user_id;
  RETURN OLD;
END;
$$;
