-- Slack requests already acted on, so a replayed signed request (same trigger_id, or same
-- timestamp and body) has its effect once. Rows older than ~10 minutes are pruned: Slack
-- refuses signatures older than 5 minutes, so nothing older can come back.
-- One b-tree (WITHOUT ROWID, no second index): remembering a key is one page write. Pruning
-- scans the few thousand keys of the last 10 minutes once a minute instead.
CREATE TABLE request_keys (
  key     TEXT PRIMARY KEY,                    -- trigger_id, or "ts:<timestamp>:<sha256 of the body>"
  seen_at TEXT NOT NULL                        -- UTC ISO instant the request was first acted on
) WITHOUT ROWID;

-- 0 when Slack gave no usable zone (no tz, an invalid one, or users.info failed at first
-- contact): nudges wait until the manager confirms one with `/lead timezone <zone>`.
ALTER TABLE managers ADD COLUMN time_zone_confirmed INTEGER NOT NULL DEFAULT 1 CHECK (time_zone_confirmed IN (0, 1));

-- Message payloads are kept only while a crashed claim may need them re-sent; the nudges job
-- clears the payload of finished deliveries, found through this index of those still holding one.
CREATE INDEX deliveries_payload_kept ON deliveries (claimed_at) WHERE payload IS NOT NULL;
