-- 0005: the jobs a load left to rebuild. A load commits its postings first and settles the
-- jobs in a second, shorter transaction; this queue makes the hand-over survive a crash
-- between the two (the next load, or eolist dedupe rebuild, finishes it).

CREATE TABLE jobs_stale (
    job_id       VARCHAR PRIMARY KEY,
    batch_id     VARCHAR,
    queued_at    TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE jobs_stale IS 'jobs whose postings changed in a committed load and whose row is not rebuilt yet (normally empty between loads)';
COMMENT ON COLUMN jobs_stale.job_id IS 'jobs.job_id to rebuild from its postings';
COMMENT ON COLUMN jobs_stale.batch_id IS 'landing batch whose postings made it stale';
COMMENT ON COLUMN jobs_stale.queued_at IS 'load time of that batch';
