-- A partial crawl (ok but incomplete: max_pages, a cap, entries left unread) is 'partial' in
-- source_health, not 'ok' (issue 17 item 4): the view of 0010 with that one rule added.

-- serves: which sources fail, stall or look empty (the operator's check)
CREATE OR REPLACE VIEW source_health AS
WITH p AS (
    SELECT source_name, count(*) AS postings,
           count(*) FILTER (WHERE closed_at IS NULL) AS open_postings,
           max(last_seen_at) AS last_posting_seen_at
    FROM postings GROUP BY source_name
), r AS (
    SELECT sr.source_name,
           count(*) FILTER (WHERE c.loaded_at >= now() - INTERVAL 30 DAY) AS runs_30d,
           count(*) FILTER (WHERE c.loaded_at >= now() - INTERVAL 30 DAY
                            AND sr.status = 'failed') AS failed_30d,
           arg_max(sr.status, c.loaded_at) AS last_status,
           arg_max(sr.fetched, c.loaded_at) AS last_fetched,
           arg_max(sr.diagnosis, c.loaded_at) AS last_diagnosis,
           arg_max(sr.complete, c.loaded_at) AS last_complete
    FROM source_runs sr JOIN crawl_runs c USING (batch_id)
    GROUP BY sr.source_name
)
SELECT s.name AS source_name, s.kind, s.tier, s.enabled,
       CASE WHEN NOT s.enabled THEN 'disabled'
            WHEN s.consecutive_failures > 0 THEN 'failing'
            WHEN r.last_status IN ('empty', 'suspect') THEN r.last_status
            WHEN r.last_status = 'ok' AND NOT r.last_complete THEN 'partial'
            WHEN s.suspect_empty THEN 'suspect_empty'
            WHEN s.last_ok_at IS NULL THEN 'never_ok'
            ELSE 'ok' END AS health,
       s.last_ok_at, s.last_attempt_at, s.next_attempt_at, s.consecutive_failures, s.last_error,
       s.empty_crawls, coalesce(p.postings, 0) AS postings,
       coalesce(p.open_postings, 0) AS open_postings, p.last_posting_seen_at,
       coalesce(r.runs_30d, 0) AS runs_30d, coalesce(r.failed_30d, 0) AS failed_30d,
       r.last_status, r.last_fetched, r.last_diagnosis
FROM sources s
LEFT JOIN p ON p.source_name = s.name
LEFT JOIN r ON r.source_name = s.name;
COMMENT ON VIEW source_health IS 'configured source, its health and what it holds';
COMMENT ON COLUMN source_health.source_name IS 'sources.name';
COMMENT ON COLUMN source_health.kind IS 'sources.kind';
COMMENT ON COLUMN source_health.tier IS 'sources.tier';
COMMENT ON COLUMN source_health.enabled IS 'sources.enabled';
COMMENT ON COLUMN source_health.health IS 'disabled, failing (last crawl failed), empty or suspect (last crawl found nothing, or under half its usual count: last_diagnosis says what was read), partial (last crawl ok but incomplete: max_pages reached, a cap, entries unread; last_diagnosis says why), suspect_empty, never_ok (never crawled successfully) or ok';
COMMENT ON COLUMN source_health.last_ok_at IS 'sources.last_ok_at';
COMMENT ON COLUMN source_health.last_attempt_at IS 'sources.last_attempt_at';
COMMENT ON COLUMN source_health.next_attempt_at IS 'sources.next_attempt_at (backoff)';
COMMENT ON COLUMN source_health.consecutive_failures IS 'sources.consecutive_failures';
COMMENT ON COLUMN source_health.last_error IS 'sources.last_error';
COMMENT ON COLUMN source_health.empty_crawls IS 'sources.empty_crawls';
COMMENT ON COLUMN source_health.postings IS 'postings ever seen at the source';
COMMENT ON COLUMN source_health.open_postings IS 'of those, postings not closed';
COMMENT ON COLUMN source_health.last_posting_seen_at IS 'latest postings.last_seen_at of the source';
COMMENT ON COLUMN source_health.runs_30d IS 'crawls of the source loaded in the last 30 days';
COMMENT ON COLUMN source_health.failed_30d IS 'of those, failed crawls';
COMMENT ON COLUMN source_health.last_status IS 'source_runs.status of the latest loaded crawl';
COMMENT ON COLUMN source_health.last_fetched IS 'records extracted by the latest loaded crawl';
COMMENT ON COLUMN source_health.last_diagnosis IS 'source_runs.diagnosis of the latest loaded crawl: why it was empty, suspect or incomplete';
