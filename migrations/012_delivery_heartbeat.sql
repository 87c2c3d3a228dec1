-- A sender refreshes `claimed_at` of its in-flight claims every 30 s while it waits (Retry-After,
-- backoff), so `claimed_at` is the claim's heartbeat and only a sender that is gone is taken over.
-- A delivery that failed for a passing reason (timeout, 5xx, reset connection, too many 429s) is
-- tried again by a later run from `retry_at` on; NULL means the failure is final.
ALTER TABLE deliveries ADD COLUMN retry_at TEXT;   -- UTC ISO instant; only with status = 'failed'
CREATE INDEX deliveries_retry ON deliveries (status, retry_at);
