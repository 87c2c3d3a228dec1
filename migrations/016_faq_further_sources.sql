-- Other source documents an FAQ answer draws on besides its main one (content/faq `also_from`),
-- as a JSON array of {"title","file"}; named after the main source wherever the answer is shown.
-- Filled by the next re-index, which the content change behind this column triggers.
ALTER TABLE faq_entries ADD COLUMN also_from TEXT NOT NULL DEFAULT '[]';
