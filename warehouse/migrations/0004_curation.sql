-- 0004: the list owner's desk (curation/). Published digests keep a snapshot of what they
-- said, so a re-export or the feed shows exactly what subscribers got even after the jobs
-- change, close or merge; her rules and settings live here so they are kept between weeks.

CREATE TABLE digests (
    digest_id     VARCHAR PRIMARY KEY,
    week          VARCHAR NOT NULL,
    title         VARCHAR NOT NULL,
    published_at  TIMESTAMPTZ NOT NULL,
    job_count     INTEGER NOT NULL,
    post_count    INTEGER NOT NULL
);
COMMENT ON TABLE digests IS 'a published weekly list (eolist digest --publish, or the Publish button of eolist ui)';
COMMENT ON COLUMN digests.digest_id IS 'the ISO week (2026-W48), with -2, -3 ... when a week is published again';
COMMENT ON COLUMN digests.week IS 'ISO week the list belongs to, e.g. 2026-W48';
COMMENT ON COLUMN digests.title IS 'the list''s heading as sent (curation_settings.list_title and the week)';
COMMENT ON COLUMN digests.published_at IS 'when it was published; the review queue shows jobs first seen after the latest one';
COMMENT ON COLUMN digests.job_count IS 'number of rows in digest_jobs for it';
COMMENT ON COLUMN digests.post_count IS 'number of rows in digest_posts for it';

CREATE TABLE digest_jobs (
    digest_id     VARCHAR NOT NULL,
    job_id        VARCHAR NOT NULL,
    position      INTEGER NOT NULL,
    featured      BOOLEAN NOT NULL,
    title         VARCHAR NOT NULL,
    company       VARCHAR,
    location      VARCHAR,
    category      VARCHAR,
    region        VARCHAR,
    salary        VARCHAR,
    apply_url     VARCHAR,
    PRIMARY KEY (digest_id, job_id)
);
COMMENT ON TABLE digest_jobs IS 'the jobs a published digest contained, as shown; a job here is not offered again';
COMMENT ON COLUMN digest_jobs.digest_id IS 'digests.digest_id';
COMMENT ON COLUMN digest_jobs.job_id IS 'jobs.job_id at publishing time (follow job_merges when the job was merged since)';
COMMENT ON COLUMN digest_jobs.position IS 'order in the list, from 1 (featured first, then by category and region)';
COMMENT ON COLUMN digest_jobs.featured IS 'curation.featured when published';
COMMENT ON COLUMN digest_jobs.title IS 'title as sent: curation.edited_title, else jobs.title';
COMMENT ON COLUMN digest_jobs.company IS 'jobs.company when published';
COMMENT ON COLUMN digest_jobs.location IS 'city, region and country as shown (jobs.location_*, workplace)';
COMMENT ON COLUMN digest_jobs.category IS 'heading it was listed under (from jobs.hr_category)';
COMMENT ON COLUMN digest_jobs.region IS 'sub-heading it was listed under (jobs.location_region or Remote)';
COMMENT ON COLUMN digest_jobs.salary IS 'pay as shown, e.g. CAD 80,000-95,000 a year; NULL when unknown or only estimated';
COMMENT ON COLUMN digest_jobs.apply_url IS 'jobs.apply_url, else jobs.url (http/https only)';
-- serves: the review queue's "not offered again" (jobs already published)
CREATE INDEX digest_jobs_job ON digest_jobs (job_id);

CREATE TABLE digest_posts (
    digest_id     VARCHAR NOT NULL,
    entry_key     VARCHAR NOT NULL,
    position      INTEGER NOT NULL,
    title         VARCHAR NOT NULL,
    blog          VARCHAR,
    url           VARCHAR,
    summary       VARCHAR,
    PRIMARY KEY (digest_id, entry_key)
);
COMMENT ON TABLE digest_posts IS 'the HR blog posts a published digest rounded up, as shown; a post here is not rounded up again';
COMMENT ON COLUMN digest_posts.digest_id IS 'digests.digest_id';
COMMENT ON COLUMN digest_posts.entry_key IS 'blog_posts.entry_key';
COMMENT ON COLUMN digest_posts.position IS 'order in the round-up, from 1 (newest first)';
COMMENT ON COLUMN digest_posts.title IS 'blog_posts.title when published';
COMMENT ON COLUMN digest_posts.blog IS 'blog_posts.blog_title, else the source name';
COMMENT ON COLUMN digest_posts.url IS 'blog_posts.url (http/https only)';
COMMENT ON COLUMN digest_posts.summary IS 'two-line summary: the start of blog_posts.summary_text or content_text';

CREATE TABLE curation_rules (
    kind      VARCHAR NOT NULL,
    value     VARCHAR NOT NULL,
    added_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, value)
);
COMMENT ON TABLE curation_rules IS 'the list owner''s standing rules, edited on the Rules page of eolist ui';
COMMENT ON COLUMN curation_rules.kind IS 'blocked_employer (hidden), blocked_keyword (title word, hidden), agency (staffing agency name, flagged) or agency_phrase (description wording such as our client, flagged)';
COMMENT ON COLUMN curation_rules.value IS 'the name or words, matched case-insensitively (employers by jobs.company_normalized or company)';
COMMENT ON COLUMN curation_rules.added_at IS 'when she added it';

CREATE TABLE curation_settings (
    key    VARCHAR PRIMARY KEY,
    value  VARCHAR NOT NULL
);
COMMENT ON TABLE curation_settings IS 'the list owner''s settings (Rules page): list_title, public_url, employer_cap, rules_seeded';
COMMENT ON COLUMN curation_settings.key IS 'setting name';
COMMENT ON COLUMN curation_settings.value IS 'its value as text (employer_cap: an integer, 0 for no cap)';
