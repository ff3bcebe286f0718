-- 0001: the first schema. DESIGN.md's warehouse contract; column meanings are in COMMENT ON
-- statements (0002) and in docs/warehouse.md.

CREATE TABLE sources (
    name                  VARCHAR PRIMARY KEY,
    kind                  VARCHAR NOT NULL,
    url                   VARCHAR NOT NULL,
    company               VARCHAR,
    country               VARCHAR,
    tier                  VARCHAR,
    enabled               BOOLEAN NOT NULL DEFAULT true,
    etag                  VARCHAR,
    last_modified         VARCHAR,
    content_hash          VARCHAR,
    last_attempt_at       TIMESTAMPTZ,
    last_ok_at            TIMESTAMPTZ,
    last_error            VARCHAR,
    consecutive_failures  INTEGER NOT NULL DEFAULT 0,
    next_attempt_at       TIMESTAMPTZ,
    empty_crawls          INTEGER NOT NULL DEFAULT 0,
    suspect_empty         BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE landing_batches (
    batch_id    VARCHAR PRIMARY KEY,
    path        VARCHAR NOT NULL,
    record_count INTEGER NOT NULL,
    loaded_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE crawl_runs (
    batch_id     VARCHAR PRIMARY KEY,
    run_id       VARCHAR,
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    status       VARCHAR NOT NULL,
    sources      INTEGER NOT NULL,
    failed       INTEGER NOT NULL,
    fetched      INTEGER NOT NULL,
    new          INTEGER NOT NULL,
    changed      INTEGER NOT NULL,
    unchanged    INTEGER NOT NULL,
    closed       INTEGER NOT NULL,
    loaded_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE source_runs (
    batch_id        VARCHAR NOT NULL,
    source_name     VARCHAR NOT NULL,
    source_kind     VARCHAR NOT NULL,
    status          VARCHAR NOT NULL,
    complete        BOOLEAN NOT NULL,
    pages           INTEGER NOT NULL,
    fetched         INTEGER NOT NULL,
    dropped_non_hr  INTEGER NOT NULL,
    not_modified    INTEGER NOT NULL,
    new             INTEGER NOT NULL,
    changed         INTEGER NOT NULL,
    unchanged       INTEGER NOT NULL,
    closed          INTEGER NOT NULL,
    error           VARCHAR,
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    PRIMARY KEY (batch_id, source_name)
);

CREATE TABLE postings (
    posting_key         VARCHAR PRIMARY KEY,
    source_name         VARCHAR NOT NULL,
    source_kind         VARCHAR NOT NULL,
    external_id         VARCHAR,
    url                 VARCHAR NOT NULL,
    title               VARCHAR NOT NULL,
    title_normalized    VARCHAR,
    company             VARCHAR,
    company_normalized  VARCHAR,
    location_city       VARCHAR,
    location_region     VARCHAR,
    location_country    VARCHAR,
    locations           VARCHAR[],
    workplace           VARCHAR,
    employment_type     VARCHAR,
    salary_min          DOUBLE,
    salary_max          DOUBLE,
    salary_currency     VARCHAR,
    salary_period       VARCHAR,
    salary_annual_min   DOUBLE,
    salary_annual_max   DOUBLE,
    salary_origin       VARCHAR,
    posted_at           TIMESTAMPTZ,
    valid_through       TIMESTAMPTZ,
    apply_url           VARCHAR,
    description_html    VARCHAR,
    description_text    VARCHAR,
    department          VARCHAR,
    hr_category         VARCHAR,
    seniority           VARCHAR,
    fingerprint         VARCHAR NOT NULL,
    version             INTEGER NOT NULL,
    first_seen_at       TIMESTAMPTZ NOT NULL,
    last_seen_at        TIMESTAMPTZ NOT NULL,
    closed_at           TIMESTAMPTZ,
    close_reason        VARCHAR,
    missed_crawls       INTEGER NOT NULL DEFAULT 0,
    reposted            BOOLEAN NOT NULL DEFAULT false,
    job_id              VARCHAR
);
-- serves: closing rules (postings of one source still open) and per-source reports
CREATE INDEX postings_source ON postings (source_name);
-- serves: jobs -> postings joins (the curation page, open_jobs)
CREATE INDEX postings_job ON postings (job_id);

CREATE TABLE posting_versions (
    posting_key     VARCHAR NOT NULL,
    version         INTEGER NOT NULL,
    seen_at         TIMESTAMPTZ NOT NULL,
    fingerprint     VARCHAR NOT NULL,
    change          VARCHAR NOT NULL,
    changed_fields  VARCHAR[],
    batch_id        VARCHAR NOT NULL,
    title           VARCHAR,
    salary_min      DOUBLE,
    salary_max      DOUBLE,
    description_text VARCHAR,
    PRIMARY KEY (posting_key, version)
);

CREATE TABLE jobs (
    job_id              VARCHAR PRIMARY KEY,
    title               VARCHAR NOT NULL,
    title_normalized    VARCHAR,
    company             VARCHAR,
    company_normalized  VARCHAR,
    location_city       VARCHAR,
    location_region     VARCHAR,
    location_country    VARCHAR,
    workplace           VARCHAR,
    employment_type     VARCHAR,
    salary_min          DOUBLE,
    salary_max          DOUBLE,
    salary_currency     VARCHAR,
    salary_period       VARCHAR,
    salary_annual_min   DOUBLE,
    salary_annual_max   DOUBLE,
    salary_origin       VARCHAR,
    posted_at           TIMESTAMPTZ,
    valid_through       TIMESTAMPTZ,
    url                 VARCHAR,
    apply_url           VARCHAR,
    description_html    VARCHAR,
    description_text    VARCHAR,
    hr_category         VARCHAR,
    seniority           VARCHAR,
    source_name         VARCHAR,
    posting_count       INTEGER NOT NULL,
    source_names        VARCHAR[],
    first_seen_at       TIMESTAMPTZ NOT NULL,
    last_seen_at        TIMESTAMPTZ NOT NULL,
    closed_at           TIMESTAMPTZ,
    reposted            BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE blog_posts (
    entry_key      VARCHAR PRIMARY KEY,
    source_name    VARCHAR NOT NULL,
    guid           VARCHAR,
    url            VARCHAR,
    title          VARCHAR NOT NULL,
    author         VARCHAR,
    published_at   TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ,
    summary_text   VARCHAR,
    content_html   VARCHAR,
    content_text   VARCHAR,
    tags           VARCHAR[],
    blog_title     VARCHAR,
    fingerprint    VARCHAR NOT NULL,
    version        INTEGER NOT NULL,
    first_seen_at  TIMESTAMPTZ NOT NULL,
    last_seen_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE curation (
    job_id        VARCHAR PRIMARY KEY,
    status        VARCHAR NOT NULL,
    featured      BOOLEAN NOT NULL DEFAULT false,
    note          VARCHAR,
    edited_title  VARCHAR,
    decided_at    TIMESTAMPTZ NOT NULL
);

CREATE VIEW open_jobs AS
SELECT j.*
FROM jobs j
WHERE EXISTS (
    SELECT 1 FROM postings p WHERE p.job_id = j.job_id AND p.closed_at IS NULL
);
