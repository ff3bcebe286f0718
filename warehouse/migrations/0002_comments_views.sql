-- 0002: what every column means and where it comes from (COMMENT ON, read by docs/warehouse.md's
-- test), and the analysts' views. Later migrations comment their own tables and columns.
-- The indexes of 0001 on postings(source_name) and postings(job_id) are dropped: DuckDB scans
-- a column of a million postings for one value in a few milliseconds, while an ART index turns
-- every UPDATE of job_id (each load's dedup step) into a delete and insert of the whole row.

DROP INDEX IF EXISTS postings_source;
DROP INDEX IF EXISTS postings_job;

COMMENT ON TABLE schema_migrations IS 'migrations applied to this file (warehouse/migrations/NNNN_name.sql), one row each';
COMMENT ON COLUMN schema_migrations.version IS 'the NNNN of the migration file';
COMMENT ON COLUMN schema_migrations.name IS 'the name part of the migration file';
COMMENT ON COLUMN schema_migrations.applied_at IS 'when this file was migrated (UTC)';

COMMENT ON TABLE sources IS 'configured source (sources.toml, mirrored by warehouse.sources.sync) with its crawl health';
COMMENT ON COLUMN sources.name IS 'unique source name from sources.toml; referenced by postings.source_name and every run table';
COMMENT ON COLUMN sources.kind IS 'source kind (greenhouse, lever, jsonld, job-feed, blog-feed, ...): the spider module that reads it';
COMMENT ON COLUMN sources.url IS 'the URL the crawl starts from (sources.toml)';
COMMENT ON COLUMN sources.company IS 'employer name configured for the source, when the source does not say it';
COMMENT ON COLUMN sources.country IS 'default ISO 3166-1 alpha-2 country configured for the source''s postings';
COMMENT ON COLUMN sources.tier IS 'schedule group from sources.toml (deployments crawl one tier at a time)';
COMMENT ON COLUMN sources.enabled IS 'false when sources.toml disables the source: it is kept but not crawled';
COMMENT ON COLUMN sources.etag IS 'ETag of the source''s first page at the last ok crawl (sent as If-None-Match)';
COMMENT ON COLUMN sources.last_modified IS 'Last-Modified of the first page at the last ok crawl (sent as If-Modified-Since)';
COMMENT ON COLUMN sources.content_hash IS 'hash of the first page body at the last ok crawl (unchanged body = not_modified)';
COMMENT ON COLUMN sources.last_attempt_at IS 'when the last crawl of this source finished, ok or not (UTC)';
COMMENT ON COLUMN sources.last_ok_at IS 'when the last successful crawl of this source finished (UTC)';
COMMENT ON COLUMN sources.last_error IS 'the last failure''s one-line message; NULL after a success';
COMMENT ON COLUMN sources.consecutive_failures IS 'failed crawls in a row (0 after a success); drives the backoff of pipeline.lifecycle';
COMMENT ON COLUMN sources.next_attempt_at IS 'not crawled again before this time (backoff after failures, or the site''s Retry-After)';
COMMENT ON COLUMN sources.empty_crawls IS 'complete crawls in a row that found nothing at all (pipeline.lifecycle)';
COMMENT ON COLUMN sources.suspect_empty IS 'true after lifecycle.EMPTY_SUSPECT_AFTER empty complete crawls in a row: check the source';

COMMENT ON TABLE landing_batches IS 'landing file loaded into the warehouse; written in the same transaction as its data, so a batch is loaded exactly once';
COMMENT ON COLUMN landing_batches.batch_id IS 'the landing file name without .jsonl (a crawl batch)';
COMMENT ON COLUMN landing_batches.path IS 'where the landing file was when it was loaded';
COMMENT ON COLUMN landing_batches.record_count IS 'lines (records) in the landing file';
COMMENT ON COLUMN landing_batches.loaded_at IS 'when it was loaded (UTC)';

COMMENT ON TABLE crawl_runs IS 'crawl batch (one landing file): when it ran and what it found, summed over its sources';
COMMENT ON COLUMN crawl_runs.batch_id IS 'landing_batches.batch_id';
COMMENT ON COLUMN crawl_runs.run_id IS 'the crawl run (one eolist crawl) that the batch was part of';
COMMENT ON COLUMN crawl_runs.started_at IS 'when the crawl process started (from the landing file''s Batch record)';
COMMENT ON COLUMN crawl_runs.finished_at IS 'when the crawl process finished writing the landing file';
COMMENT ON COLUMN crawl_runs.status IS 'ok, partial (some sources failed) or failed (all sources failed)';
COMMENT ON COLUMN crawl_runs.sources IS 'sources crawled in the batch';
COMMENT ON COLUMN crawl_runs.failed IS 'sources of the batch that failed';
COMMENT ON COLUMN crawl_runs.fetched IS 'job and blog records extracted, over all sources';
COMMENT ON COLUMN crawl_runs.new IS 'postings seen for the first time';
COMMENT ON COLUMN crawl_runs.changed IS 'known postings whose content fingerprint changed';
COMMENT ON COLUMN crawl_runs.unchanged IS 'known postings seen again unchanged';
COMMENT ON COLUMN crawl_runs.closed IS 'postings closed by this load (gone, missing, expired)';
COMMENT ON COLUMN crawl_runs.loaded_at IS 'when the batch was loaded (UTC)';

COMMENT ON TABLE source_runs IS 'what one source did in one crawl batch (the run report''s rows)';
COMMENT ON COLUMN source_runs.batch_id IS 'crawl_runs.batch_id';
COMMENT ON COLUMN source_runs.source_name IS 'sources.name';
COMMENT ON COLUMN source_runs.source_kind IS 'sources.kind at the time of the crawl';
COMMENT ON COLUMN source_runs.status IS 'ok, not_modified (304 or same body), failed, skipped';
COMMENT ON COLUMN source_runs.complete IS 'every page of the listing was fetched and parsed (only complete crawls close postings)';
COMMENT ON COLUMN source_runs.pages IS 'pages fetched';
COMMENT ON COLUMN source_runs.fetched IS 'records extracted';
COMMENT ON COLUMN source_runs.dropped_non_hr IS 'postings the HR classifier dropped (hr_only sources)';
COMMENT ON COLUMN source_runs.not_modified IS 'pages answered 304 or with an unchanged body';
COMMENT ON COLUMN source_runs.new IS 'postings seen for the first time';
COMMENT ON COLUMN source_runs.changed IS 'postings whose fingerprint changed';
COMMENT ON COLUMN source_runs.unchanged IS 'postings seen again unchanged';
COMMENT ON COLUMN source_runs.closed IS 'postings of this source closed by this load';
COMMENT ON COLUMN source_runs.error IS 'the failure''s one-line message (status failed)';
COMMENT ON COLUMN source_runs.started_at IS 'when the crawl of this source started (UTC)';
COMMENT ON COLUMN source_runs.finished_at IS 'when it finished (UTC)';

COMMENT ON TABLE postings IS 'listing at one source (source + external id or canonical URL), its latest content and its history';
COMMENT ON COLUMN postings.posting_key IS '<source>:<external id>, or <source>:<canonical url> when the source has no id (pipeline.build)';
COMMENT ON COLUMN postings.source_name IS 'sources.name of the source that lists it';
COMMENT ON COLUMN postings.source_kind IS 'sources.kind of that source';
COMMENT ON COLUMN postings.external_id IS 'the source''s own id for the posting (ATS job id), when it has one';
COMMENT ON COLUMN postings.url IS 'the posting''s page as the source gave it';
COMMENT ON COLUMN postings.title IS 'title as the source wrote it (whitespace cleaned)';
COMMENT ON COLUMN postings.title_normalized IS 'lower-cased title without location, gender markers and noise (pipeline.normalize.normalize_title)';
COMMENT ON COLUMN postings.company IS 'employer name as the source or sources.toml gives it';
COMMENT ON COLUMN postings.company_normalized IS 'employer name folded for matching: lower case, legal suffixes dropped (normalize_company)';
COMMENT ON COLUMN postings.location_city IS 'city of the first location (pipeline.normalize.parse_location, GeoNames)';
COMMENT ON COLUMN postings.location_region IS 'province or state, full name (e.g. Ontario), of the first location';
COMMENT ON COLUMN postings.location_country IS 'ISO 3166-1 alpha-2 country of the first location';
COMMENT ON COLUMN postings.locations IS 'every location as the source listed it';
COMMENT ON COLUMN postings.workplace IS 'onsite, hybrid or remote (stated by the source, or read from the location text)';
COMMENT ON COLUMN postings.employment_type IS 'schema.org employment type: FULL_TIME, PART_TIME, CONTRACTOR, TEMPORARY, INTERN, ...';
COMMENT ON COLUMN postings.salary_min IS 'lowest pay of the stated range, in salary_currency per salary_period';
COMMENT ON COLUMN postings.salary_max IS 'highest pay of the stated range, in salary_currency per salary_period';
COMMENT ON COLUMN postings.salary_currency IS 'ISO 4217 currency of the pay (stated, or the source country''s default)';
COMMENT ON COLUMN postings.salary_period IS 'HOUR, DAY, WEEK, MONTH or YEAR';
COMMENT ON COLUMN postings.salary_annual_min IS 'salary_min annualised by pipeline.normalize.salary.annualize (country hours per week x 52 weeks; days, weeks and months likewise)';
COMMENT ON COLUMN postings.salary_annual_max IS 'salary_max annualised the same way';
COMMENT ON COLUMN postings.salary_origin IS 'structured (ATS or schema.org field), text (parsed from the description) or estimate (a board''s guess)';
COMMENT ON COLUMN postings.posted_at IS 'when the source says it was posted (UTC); boards re-stamp it, so see also first_seen_at';
COMMENT ON COLUMN postings.valid_through IS 'the posting''s own closing date (UTC); past it the posting is closed as expired';
COMMENT ON COLUMN postings.apply_url IS 'where to apply, when it differs from url';
COMMENT ON COLUMN postings.description_html IS 'description, sanitized HTML (nh3)';
COMMENT ON COLUMN postings.description_text IS 'description as plain text';
COMMENT ON COLUMN postings.department IS 'department or team as the source states it';
COMMENT ON COLUMN postings.hr_category IS 'HR category from pipeline.classify (hr_business_partner, talent_acquisition, payroll, ...); NULL when not an HR job';
COMMENT ON COLUMN postings.seniority IS 'intern, junior, intermediate, senior, manager, director or executive (pipeline.classify)';
COMMENT ON COLUMN postings.fingerprint IS 'v1:sha256 of the content fields (pipeline.build.FINGERPRINT_FIELDS): a change makes a new version';
COMMENT ON COLUMN postings.version IS '1 when first seen, +1 at each fingerprint change (posting_versions holds each)';
COMMENT ON COLUMN postings.first_seen_at IS 'first crawl that saw it (UTC)';
COMMENT ON COLUMN postings.last_seen_at IS 'latest crawl that saw it (UTC)';
COMMENT ON COLUMN postings.closed_at IS 'when it was closed by the closing rules (pipeline.lifecycle); NULL while open';
COMMENT ON COLUMN postings.close_reason IS 'gone (404/410), missing from complete listing, or expired';
COMMENT ON COLUMN postings.missed_crawls IS 'complete listings of its source in a row that did not list it';
COMMENT ON COLUMN postings.reposted IS 'true once it was seen again after being closed';
COMMENT ON COLUMN postings.job_id IS 'jobs.job_id of the real-world job it belongs to (cross-source dedup, warehouse.jobs)';

COMMENT ON TABLE posting_versions IS 'version of a posting''s content: the first sighting and every change of fingerprint';
COMMENT ON COLUMN posting_versions.posting_key IS 'postings.posting_key';
COMMENT ON COLUMN posting_versions.version IS '1, 2, ... (postings.version is the latest)';
COMMENT ON COLUMN posting_versions.seen_at IS 'when the crawl that saw this version fetched it (UTC)';
COMMENT ON COLUMN posting_versions.fingerprint IS 'the version''s content fingerprint';
COMMENT ON COLUMN posting_versions.change IS 'new or changed';
COMMENT ON COLUMN posting_versions.changed_fields IS 'which compared fields differ from the previous version (NULL for new)';
COMMENT ON COLUMN posting_versions.batch_id IS 'landing batch that brought the version';
COMMENT ON COLUMN posting_versions.title IS 'title in this version';
COMMENT ON COLUMN posting_versions.salary_min IS 'salary_min in this version';
COMMENT ON COLUMN posting_versions.salary_max IS 'salary_max in this version';
COMMENT ON COLUMN posting_versions.description_text IS 'plain-text description in this version';

COMMENT ON TABLE jobs IS 'real-world job after cross-source dedup (warehouse.jobs): its postings'' best field values';
COMMENT ON COLUMN jobs.job_id IS 'j + 15 hex digits of md5 of its first posting''s key; kept when jobs merge into it (job_merges)';
COMMENT ON COLUMN jobs.title IS 'title of the primary posting (employer''s own ATS before a board, then the earliest seen)';
COMMENT ON COLUMN jobs.title_normalized IS 'postings.title_normalized of the primary posting';
COMMENT ON COLUMN jobs.company IS 'company of the primary posting';
COMMENT ON COLUMN jobs.company_normalized IS 'company_normalized of the primary posting';
COMMENT ON COLUMN jobs.location_city IS 'location_city of the primary posting';
COMMENT ON COLUMN jobs.location_region IS 'location_region of the primary posting (province or state, full name)';
COMMENT ON COLUMN jobs.location_country IS 'location_country of the primary posting (ISO 3166-1 alpha-2)';
COMMENT ON COLUMN jobs.workplace IS 'workplace of the primary posting';
COMMENT ON COLUMN jobs.employment_type IS 'employment_type of the primary posting';
COMMENT ON COLUMN jobs.salary_min IS 'pay of the first posting that states one (structured before text; board estimates never)';
COMMENT ON COLUMN jobs.salary_max IS 'see salary_min';
COMMENT ON COLUMN jobs.salary_currency IS 'see salary_min';
COMMENT ON COLUMN jobs.salary_period IS 'see salary_min';
COMMENT ON COLUMN jobs.salary_annual_min IS 'salary_min annualised';
COMMENT ON COLUMN jobs.salary_annual_max IS 'salary_max annualised';
COMMENT ON COLUMN jobs.salary_origin IS 'structured or text: where the chosen pay came from';
COMMENT ON COLUMN jobs.posted_at IS 'earliest posted_at of its postings (UTC)';
COMMENT ON COLUMN jobs.valid_through IS 'valid_through of the primary posting';
COMMENT ON COLUMN jobs.url IS 'url of the primary posting';
COMMENT ON COLUMN jobs.apply_url IS 'apply_url of the primary posting';
COMMENT ON COLUMN jobs.description_html IS 'description_html of the primary posting';
COMMENT ON COLUMN jobs.description_text IS 'description_text of the primary posting';
COMMENT ON COLUMN jobs.hr_category IS 'hr_category of the primary posting';
COMMENT ON COLUMN jobs.seniority IS 'seniority of the primary posting';
COMMENT ON COLUMN jobs.source_name IS 'source of the primary posting';
COMMENT ON COLUMN jobs.posting_count IS 'postings that belong to the job';
COMMENT ON COLUMN jobs.source_names IS 'distinct sources listing it, sorted';
COMMENT ON COLUMN jobs.first_seen_at IS 'earliest first_seen_at of its postings (UTC)';
COMMENT ON COLUMN jobs.last_seen_at IS 'latest last_seen_at of its postings (UTC)';
COMMENT ON COLUMN jobs.closed_at IS 'latest closed_at once every posting is closed; NULL while any is open';
COMMENT ON COLUMN jobs.reposted IS 'true when any of its postings was reposted';

COMMENT ON TABLE blog_posts IS 'HR blog entry, deduplicated by guid, canonical link or content (pipeline.feeds)';
COMMENT ON COLUMN blog_posts.entry_key IS 'the entry''s identity: <source>:<guid>, else its canonical link, else a content hash';
COMMENT ON COLUMN blog_posts.source_name IS 'sources.name of the blog''s feed';
COMMENT ON COLUMN blog_posts.guid IS 'the feed''s guid or id for the entry, when it has one';
COMMENT ON COLUMN blog_posts.url IS 'the entry''s link, made absolute';
COMMENT ON COLUMN blog_posts.title IS 'entry title';
COMMENT ON COLUMN blog_posts.author IS 'author as the feed gives it';
COMMENT ON COLUMN blog_posts.published_at IS 'published date (UTC)';
COMMENT ON COLUMN blog_posts.updated_at IS 'updated date (UTC)';
COMMENT ON COLUMN blog_posts.summary_text IS 'summary as plain text';
COMMENT ON COLUMN blog_posts.content_html IS 'full content, sanitized HTML';
COMMENT ON COLUMN blog_posts.content_text IS 'full content as plain text';
COMMENT ON COLUMN blog_posts.tags IS 'categories or tags of the entry';
COMMENT ON COLUMN blog_posts.blog_title IS 'the feed''s title';
COMMENT ON COLUMN blog_posts.fingerprint IS 'content fingerprint: a change makes a new version';
COMMENT ON COLUMN blog_posts.version IS '1 when first seen, +1 at each change';
COMMENT ON COLUMN blog_posts.first_seen_at IS 'first crawl that saw it (UTC)';
COMMENT ON COLUMN blog_posts.last_seen_at IS 'latest crawl that saw it (UTC)';

COMMENT ON TABLE curation IS 'the list owner''s decision on a job (the curation page)';
COMMENT ON COLUMN curation.job_id IS 'jobs.job_id (follows the job when it merges, see job_merges)';
COMMENT ON COLUMN curation.status IS 'the decision: e.g. approved or rejected';
COMMENT ON COLUMN curation.featured IS 'shown at the top of the weekly list';
COMMENT ON COLUMN curation.note IS 'the list owner''s note';
COMMENT ON COLUMN curation.edited_title IS 'title to show instead of jobs.title';
COMMENT ON COLUMN curation.decided_at IS 'when the decision was made (UTC)';

-- Views for the analysts' common questions (docs/warehouse.md has an example query for each).
-- Dates are bucketed in UTC whatever the session's TimeZone, so every client sees the same weeks:
-- make_timestamp(epoch_us(t)) is t as a UTC wall-clock time (4x faster than timezone('UTC', t)).
-- A job "opened" at least(posted_at, first_seen_at): the source's date unless we saw it first.

-- jobs.closed_at is NULL while any of the job's postings is open (warehouse.jobs keeps it so in
-- every load), so the view reads jobs alone: 10x faster than a semi-join with postings.
CREATE OR REPLACE VIEW open_jobs AS SELECT * FROM jobs WHERE closed_at IS NULL;
COMMENT ON COLUMN open_jobs.job_id IS 'as jobs.job_id';
COMMENT ON COLUMN open_jobs.title IS 'as jobs.title';
COMMENT ON COLUMN open_jobs.title_normalized IS 'as jobs.title_normalized';
COMMENT ON COLUMN open_jobs.company IS 'as jobs.company';
COMMENT ON COLUMN open_jobs.company_normalized IS 'as jobs.company_normalized';
COMMENT ON COLUMN open_jobs.location_city IS 'as jobs.location_city';
COMMENT ON COLUMN open_jobs.location_region IS 'as jobs.location_region';
COMMENT ON COLUMN open_jobs.location_country IS 'as jobs.location_country';
COMMENT ON COLUMN open_jobs.workplace IS 'as jobs.workplace';
COMMENT ON COLUMN open_jobs.employment_type IS 'as jobs.employment_type';
COMMENT ON COLUMN open_jobs.salary_min IS 'as jobs.salary_min';
COMMENT ON COLUMN open_jobs.salary_max IS 'as jobs.salary_max';
COMMENT ON COLUMN open_jobs.salary_currency IS 'as jobs.salary_currency';
COMMENT ON COLUMN open_jobs.salary_period IS 'as jobs.salary_period';
COMMENT ON COLUMN open_jobs.salary_annual_min IS 'as jobs.salary_annual_min';
COMMENT ON COLUMN open_jobs.salary_annual_max IS 'as jobs.salary_annual_max';
COMMENT ON COLUMN open_jobs.salary_origin IS 'as jobs.salary_origin';
COMMENT ON COLUMN open_jobs.posted_at IS 'as jobs.posted_at';
COMMENT ON COLUMN open_jobs.valid_through IS 'as jobs.valid_through';
COMMENT ON COLUMN open_jobs.url IS 'as jobs.url';
COMMENT ON COLUMN open_jobs.apply_url IS 'as jobs.apply_url';
COMMENT ON COLUMN open_jobs.description_html IS 'as jobs.description_html';
COMMENT ON COLUMN open_jobs.description_text IS 'as jobs.description_text';
COMMENT ON COLUMN open_jobs.hr_category IS 'as jobs.hr_category';
COMMENT ON COLUMN open_jobs.seniority IS 'as jobs.seniority';
COMMENT ON COLUMN open_jobs.source_name IS 'as jobs.source_name';
COMMENT ON COLUMN open_jobs.posting_count IS 'as jobs.posting_count';
COMMENT ON COLUMN open_jobs.source_names IS 'as jobs.source_names';
COMMENT ON COLUMN open_jobs.first_seen_at IS 'as jobs.first_seen_at';
COMMENT ON COLUMN open_jobs.last_seen_at IS 'as jobs.last_seen_at';
COMMENT ON COLUMN open_jobs.closed_at IS 'as jobs.closed_at';
COMMENT ON COLUMN open_jobs.reposted IS 'as jobs.reposted';
COMMENT ON VIEW open_jobs IS 'job with at least one posting not closed (closing rules: pipeline.lifecycle); the columns of jobs';

-- serves: how many HR jobs were posted in a region per week, by category
CREATE VIEW hr_jobs_weekly AS
SELECT CAST(date_trunc('week', make_timestamp(epoch_us(least(posted_at, first_seen_at)))) AS DATE) AS week,
       strftime(date_trunc('week', make_timestamp(epoch_us(least(posted_at, first_seen_at)))), '%G-W%V')
           AS iso_week,
       hr_category, location_country, location_region,
       count(*) AS jobs,
       count(*) FILTER (WHERE closed_at IS NULL) AS still_open
FROM jobs
WHERE hr_category IS NOT NULL
GROUP BY ALL;
COMMENT ON VIEW hr_jobs_weekly IS 'HR jobs (after dedup) by the week they opened, HR category and region';
COMMENT ON COLUMN hr_jobs_weekly.week IS 'Monday (UTC) of the week the job opened: least(posted_at, first_seen_at)';
COMMENT ON COLUMN hr_jobs_weekly.iso_week IS 'the same week as ISO 8601 year and week, e.g. 2026-W48 (as eolist digest --week)';
COMMENT ON COLUMN hr_jobs_weekly.hr_category IS 'jobs.hr_category';
COMMENT ON COLUMN hr_jobs_weekly.location_country IS 'jobs.location_country (ISO 3166-1 alpha-2)';
COMMENT ON COLUMN hr_jobs_weekly.location_region IS 'jobs.location_region (province or state, full name); NULL when unknown or remote';
COMMENT ON COLUMN hr_jobs_weekly.jobs IS 'jobs that opened that week';
COMMENT ON COLUMN hr_jobs_weekly.still_open IS 'of those, the jobs still open now';

-- serves: what a category pays in a city or a region, by seniority
CREATE VIEW salaries AS
SELECT hr_category, seniority, location_country, location_region, location_city, salary_currency,
       grouping(location_city) = 0 AS by_city,
       grouping(seniority) = 0 AS by_seniority,
       count(*) AS jobs,
       min(coalesce(salary_annual_min, salary_annual_max)) AS annual_low,
       quantile_cont(coalesce(salary_annual_min, salary_annual_max), 0.25) AS annual_min_p25,
       median((coalesce(salary_annual_min, salary_annual_max)
               + coalesce(salary_annual_max, salary_annual_min)) / 2) AS annual_mid_median,
       quantile_cont(coalesce(salary_annual_max, salary_annual_min), 0.75) AS annual_max_p75,
       max(coalesce(salary_annual_max, salary_annual_min)) AS annual_high
FROM jobs
WHERE hr_category IS NOT NULL AND coalesce(salary_annual_min, salary_annual_max) IS NOT NULL
GROUP BY GROUPING SETS (
    (hr_category, seniority, location_country, location_region, location_city, salary_currency),
    (hr_category, seniority, location_country, location_region, salary_currency),
    (hr_category, location_country, location_region, location_city, salary_currency),
    (hr_category, location_country, location_region, salary_currency)
);
COMMENT ON VIEW salaries IS 'annualised pay of HR jobs that state it (structured or from the text; never board estimates), by category, region or city, and seniority';
COMMENT ON COLUMN salaries.hr_category IS 'jobs.hr_category';
COMMENT ON COLUMN salaries.seniority IS 'jobs.seniority; NULL on rows over every seniority (by_seniority false)';
COMMENT ON COLUMN salaries.location_country IS 'jobs.location_country';
COMMENT ON COLUMN salaries.location_region IS 'jobs.location_region';
COMMENT ON COLUMN salaries.location_city IS 'jobs.location_city; NULL on rows over the whole region (by_city false)';
COMMENT ON COLUMN salaries.salary_currency IS 'ISO 4217 currency: ranges are never mixed across currencies';
COMMENT ON COLUMN salaries.by_city IS 'true: one city; false: the whole region (every city and none)';
COMMENT ON COLUMN salaries.by_seniority IS 'true: one seniority; false: every seniority';
COMMENT ON COLUMN salaries.jobs IS 'jobs with a stated pay in the group';
COMMENT ON COLUMN salaries.annual_low IS 'lowest annual pay stated (salary_annual_min, or max when only a max is stated)';
COMMENT ON COLUMN salaries.annual_min_p25 IS '25th percentile of the ranges'' annual minimums';
COMMENT ON COLUMN salaries.annual_mid_median IS 'median of the ranges'' annual midpoints';
COMMENT ON COLUMN salaries.annual_max_p75 IS '75th percentile of the ranges'' annual maximums';
COMMENT ON COLUMN salaries.annual_high IS 'highest annual pay stated';

-- serves: how long jobs of a category stay open
CREATE VIEW time_to_close AS
SELECT job_id, title, company, hr_category, seniority, location_country, location_region,
       location_city, least(posted_at, first_seen_at) AS opened_at, closed_at,
       greatest(date_diff('second', least(posted_at, first_seen_at), closed_at), 0) / 86400.0
           AS days_open,
       reposted
FROM jobs
WHERE closed_at IS NOT NULL;
COMMENT ON VIEW time_to_close IS 'closed job and how long it stayed open';
COMMENT ON COLUMN time_to_close.job_id IS 'jobs.job_id';
COMMENT ON COLUMN time_to_close.title IS 'jobs.title';
COMMENT ON COLUMN time_to_close.company IS 'jobs.company';
COMMENT ON COLUMN time_to_close.hr_category IS 'jobs.hr_category (NULL: not an HR job)';
COMMENT ON COLUMN time_to_close.seniority IS 'jobs.seniority';
COMMENT ON COLUMN time_to_close.location_country IS 'jobs.location_country';
COMMENT ON COLUMN time_to_close.location_region IS 'jobs.location_region';
COMMENT ON COLUMN time_to_close.location_city IS 'jobs.location_city';
COMMENT ON COLUMN time_to_close.opened_at IS 'least(posted_at, first_seen_at): the source''s date unless we saw it first';
COMMENT ON COLUMN time_to_close.closed_at IS 'jobs.closed_at: when its last open posting was closed';
COMMENT ON COLUMN time_to_close.days_open IS 'closed_at - opened_at in days (fractional, never negative)';
COMMENT ON COLUMN time_to_close.reposted IS 'jobs.reposted: closed and seen again at least once, so days_open spans the gap';

-- serves: which employers post most, of what, over time
CREATE VIEW employers AS
SELECT coalesce(company_normalized, lower(company)) AS company_normalized,
       min(company) AS company,
       CAST(date_trunc('month', make_timestamp(epoch_us(least(posted_at, first_seen_at)))) AS DATE) AS month,
       hr_category,
       count(*) AS jobs,
       count(*) FILTER (WHERE closed_at IS NULL) AS still_open
FROM jobs
WHERE company IS NOT NULL
GROUP BY 1, 3, 4;
COMMENT ON VIEW employers IS 'jobs per employer, month they opened and HR category';
COMMENT ON COLUMN employers.company_normalized IS 'jobs.company_normalized (lower(company) when missing): one row set per employer';
COMMENT ON COLUMN employers.company IS 'a display name of the employer (the alphabetically first spelling)';
COMMENT ON COLUMN employers.month IS 'first day (UTC) of the month the jobs opened';
COMMENT ON COLUMN employers.hr_category IS 'jobs.hr_category (NULL: not HR jobs)';
COMMENT ON COLUMN employers.jobs IS 'jobs that opened that month';
COMMENT ON COLUMN employers.still_open IS 'of those, the jobs still open now';

-- serves: which sources fail, stall or look empty (the operator's check)
CREATE VIEW source_health AS
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
           arg_max(sr.fetched, c.loaded_at) AS last_fetched
    FROM source_runs sr JOIN crawl_runs c USING (batch_id)
    GROUP BY sr.source_name
)
SELECT s.name AS source_name, s.kind, s.tier, s.enabled,
       CASE WHEN NOT s.enabled THEN 'disabled'
            WHEN s.consecutive_failures > 0 THEN 'failing'
            WHEN s.suspect_empty THEN 'suspect_empty'
            WHEN s.last_ok_at IS NULL THEN 'never_ok'
            ELSE 'ok' END AS health,
       s.last_ok_at, s.last_attempt_at, s.next_attempt_at, s.consecutive_failures, s.last_error,
       s.empty_crawls, coalesce(p.postings, 0) AS postings,
       coalesce(p.open_postings, 0) AS open_postings, p.last_posting_seen_at,
       coalesce(r.runs_30d, 0) AS runs_30d, coalesce(r.failed_30d, 0) AS failed_30d,
       r.last_status, r.last_fetched
FROM sources s
LEFT JOIN p ON p.source_name = s.name
LEFT JOIN r ON r.source_name = s.name;
COMMENT ON VIEW source_health IS 'configured source, its health and what it holds';
COMMENT ON COLUMN source_health.source_name IS 'sources.name';
COMMENT ON COLUMN source_health.kind IS 'sources.kind';
COMMENT ON COLUMN source_health.tier IS 'sources.tier';
COMMENT ON COLUMN source_health.enabled IS 'sources.enabled';
COMMENT ON COLUMN source_health.health IS 'disabled, failing (last crawl failed), suspect_empty, never_ok (never crawled successfully) or ok';
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
