-- 0007: analyst views that do not mislead (issue 19). Pay is compared on the basis it was
-- stated on: full-time pay (and pay stated by the year) a year at a time, any other pay
-- (part-time, contract, casual hourly) in its own period, never annualised at full-time
-- hours. Quartiles need at least five jobs. Every job view shows the workplace. A job whose pay
-- is far from what its category and seniority pay is flagged, not dropped. Postings keep every
-- place their locations name ("Toronto or Vancouver").

ALTER TABLE postings ADD COLUMN places VARCHAR[];
COMMENT ON COLUMN postings.places IS 'every place the locations name, in the order listed, the first primary (location_*): e.g. [Toronto, Ontario, CA; Vancouver, British Columbia, CA]; empty on postings loaded before migration 0007 until seen again';

DROP VIEW salaries;
DROP VIEW hr_jobs_weekly;
DROP VIEW time_to_close;

-- serves: one HR job's stated pay, on the basis it can be compared, with its plausibility
CREATE VIEW job_pay AS
WITH j AS (
    SELECT job_id, title, company, hr_category, seniority, location_country, location_region,
           location_city, workplace, employment_type, salary_currency, salary_origin, closed_at,
           employment_type = 'FULL_TIME' OR coalesce(salary_period, 'YEAR') = 'YEAR' AS yearly,
           salary_period, salary_min, salary_max, salary_annual_min, salary_annual_max
    FROM jobs
    WHERE hr_category IS NOT NULL AND coalesce(salary_min, salary_max) IS NOT NULL
      AND coalesce(salary_origin, 'structured') <> 'estimate'
), p AS (
    SELECT job_id, title, company, hr_category, seniority, location_country, location_region,
           location_city, workplace, employment_type, salary_currency, salary_origin, closed_at,
           CASE WHEN yearly THEN 'YEAR' ELSE salary_period END AS pay_period,
           CASE WHEN yearly THEN coalesce(salary_annual_min, salary_annual_max)
                ELSE coalesce(salary_min, salary_max) END AS pay_low,
           CASE WHEN yearly THEN coalesce(salary_annual_max, salary_annual_min)
                ELSE coalesce(salary_max, salary_min) END AS pay_high
    FROM j
), m AS (
    SELECT *, (pay_low + pay_high) / 2 AS pay_mid FROM p WHERE pay_low IS NOT NULL
), ref AS (
    -- the median of the most specific group with at least five jobs: category and seniority,
    -- else seniority, else every HR job; always within one currency and pay period
    SELECT hr_category, seniority, salary_currency, pay_period,
           CASE WHEN count(*) >= 5 THEN median(pay_mid) END AS by_both
    FROM m GROUP BY ALL
), ref_sen AS (
    SELECT seniority, salary_currency, pay_period,
           CASE WHEN count(*) >= 5 THEN median(pay_mid) END AS by_seniority
    FROM m GROUP BY ALL
), ref_all AS (
    SELECT salary_currency, pay_period,
           CASE WHEN count(*) >= 5 THEN median(pay_mid) END AS overall
    FROM m GROUP BY ALL
)
SELECT m.job_id, m.title, m.company, m.hr_category, m.seniority, m.location_country,
       m.location_region, m.location_city, m.workplace, m.employment_type, m.salary_currency,
       m.pay_period, m.salary_origin, m.pay_low, m.pay_high, m.pay_mid,
       coalesce(r.by_both, s.by_seniority, a.overall) AS pay_reference,
       CASE WHEN coalesce(r.by_both, s.by_seniority, a.overall) IS NULL THEN NULL
            WHEN m.pay_mid > 2.5 * coalesce(r.by_both, s.by_seniority, a.overall) THEN 'high'
            WHEN m.pay_mid < coalesce(r.by_both, s.by_seniority, a.overall) / 2.5 THEN 'low'
            -- an intern is not paid above the typical HR job
            WHEN m.seniority = 'intern' AND m.pay_period = 'YEAR' AND a.overall IS NOT NULL
                 AND m.pay_mid > a.overall THEN 'high'
            ELSE 'ok' END AS pay_plausibility,
       m.closed_at
FROM m
LEFT JOIN ref r ON r.hr_category = m.hr_category AND r.seniority IS NOT DISTINCT FROM m.seniority
     AND r.salary_currency IS NOT DISTINCT FROM m.salary_currency AND r.pay_period = m.pay_period
LEFT JOIN ref_sen s ON s.seniority IS NOT DISTINCT FROM m.seniority
     AND s.salary_currency IS NOT DISTINCT FROM m.salary_currency AND s.pay_period = m.pay_period
LEFT JOIN ref_all a ON a.salary_currency IS NOT DISTINCT FROM m.salary_currency
     AND a.pay_period = m.pay_period;
COMMENT ON VIEW job_pay IS 'HR job that states its pay (structured or from the text; never board estimates), on the basis it can be compared, with a plausibility flag';
COMMENT ON COLUMN job_pay.job_id IS 'jobs.job_id';
COMMENT ON COLUMN job_pay.title IS 'jobs.title';
COMMENT ON COLUMN job_pay.company IS 'jobs.company';
COMMENT ON COLUMN job_pay.hr_category IS 'jobs.hr_category';
COMMENT ON COLUMN job_pay.seniority IS 'jobs.seniority';
COMMENT ON COLUMN job_pay.location_country IS 'jobs.location_country';
COMMENT ON COLUMN job_pay.location_region IS 'jobs.location_region';
COMMENT ON COLUMN job_pay.location_city IS 'jobs.location_city';
COMMENT ON COLUMN job_pay.workplace IS 'jobs.workplace: onsite, hybrid or remote (NULL: not stated)';
COMMENT ON COLUMN job_pay.employment_type IS 'jobs.employment_type (FULL_TIME, PART_TIME, CONTRACTOR, ...; NULL: not stated)';
COMMENT ON COLUMN job_pay.salary_currency IS 'jobs.salary_currency (ISO 4217)';
COMMENT ON COLUMN job_pay.pay_period IS 'the basis of pay_*: YEAR for full-time pay (annualised) and pay stated by the year; otherwise the period the pay was stated in (HOUR, DAY, WEEK, MONTH), not annualised';
COMMENT ON COLUMN job_pay.salary_origin IS 'jobs.salary_origin: structured (a field of the source) or text (read from the description)';
COMMENT ON COLUMN job_pay.pay_low IS 'lowest pay stated, per pay_period (the range''s minimum, or its maximum when only that is stated)';
COMMENT ON COLUMN job_pay.pay_high IS 'highest pay stated, per pay_period';
COMMENT ON COLUMN job_pay.pay_mid IS 'the middle of the range, per pay_period';
COMMENT ON COLUMN job_pay.pay_reference IS 'median pay_mid of the jobs compared with, in the same currency and pay_period: same category and seniority when at least 5 such jobs, else same seniority (at least 5), else every HR job (at least 5); NULL when fewer';
COMMENT ON COLUMN job_pay.pay_plausibility IS 'high (pay_mid above 2.5 x pay_reference, or an intern paid above the median HR job), low (below pay_reference / 2.5) or ok; NULL without a reference. Shown, never dropped: check the posting before using a flagged row';
COMMENT ON COLUMN job_pay.closed_at IS 'jobs.closed_at (NULL: still open)';

-- serves: what a category pays in a city, a region, a country or overall, by seniority
CREATE VIEW salaries AS
SELECT hr_category, seniority, location_country, location_region, location_city, salary_currency,
       employment_type, pay_period, salary_origin,
       CASE WHEN grouping(location_country) = 1 THEN 'all'
            WHEN grouping(location_region) = 1 THEN 'country'
            WHEN grouping(location_city) = 1 THEN 'region'
            ELSE 'city' END AS level,
       grouping(location_city) = 0 AS by_city,
       grouping(seniority) = 0 AS by_seniority,
       count(*) AS jobs,
       count(*) FILTER (WHERE pay_plausibility IN ('high', 'low')) AS implausible_jobs,
       min(pay_low) AS pay_low,
       CASE WHEN count(*) >= 5 THEN quantile_cont(pay_low, 0.25) END AS pay_min_p25,
       CASE WHEN count(*) >= 5 THEN median(pay_mid) END AS pay_mid_median,
       CASE WHEN count(*) >= 5 THEN quantile_cont(pay_high, 0.75) END AS pay_max_p75,
       max(pay_high) AS pay_high
FROM job_pay
GROUP BY GROUPING SETS (
    (hr_category, seniority, location_country, location_region, location_city, salary_currency, employment_type, pay_period, salary_origin),
    (hr_category, seniority, location_country, location_region, salary_currency, employment_type, pay_period, salary_origin),
    (hr_category, location_country, location_region, location_city, salary_currency, employment_type, pay_period, salary_origin),
    (hr_category, location_country, location_region, salary_currency, employment_type, pay_period, salary_origin),
    (hr_category, seniority, location_country, salary_currency, employment_type, pay_period, salary_origin),
    (hr_category, location_country, salary_currency, employment_type, pay_period, salary_origin),
    (hr_category, seniority, salary_currency, employment_type, pay_period, salary_origin),
    (hr_category, salary_currency, employment_type, pay_period, salary_origin)
);
COMMENT ON VIEW salaries IS 'stated pay of HR jobs (job_pay) by category, seniority, place (city, region, country or all), currency, employment type, pay period and origin';
COMMENT ON COLUMN salaries.hr_category IS 'jobs.hr_category';
COMMENT ON COLUMN salaries.seniority IS 'jobs.seniority; NULL on rows over every seniority (by_seniority false)';
COMMENT ON COLUMN salaries.location_country IS 'jobs.location_country; NULL on rows over every country (level all)';
COMMENT ON COLUMN salaries.location_region IS 'jobs.location_region; NULL on rows over a whole country (level country or all)';
COMMENT ON COLUMN salaries.location_city IS 'jobs.location_city; NULL on rows over a whole region, country or all (by_city false)';
COMMENT ON COLUMN salaries.salary_currency IS 'ISO 4217 currency: pay is never mixed across currencies';
COMMENT ON COLUMN salaries.employment_type IS 'jobs.employment_type: pay is never mixed across employment types (NULL: not stated)';
COMMENT ON COLUMN salaries.pay_period IS 'job_pay.pay_period: YEAR (full-time pay annualised, or stated by the year) or the period part-time and other pay was stated in; never mixed';
COMMENT ON COLUMN salaries.salary_origin IS 'structured or text: where the pay came from';
COMMENT ON COLUMN salaries.level IS 'city, region, country or all: the place the row is over';
COMMENT ON COLUMN salaries.by_city IS 'true: one city; false: a whole region, country or every country';
COMMENT ON COLUMN salaries.by_seniority IS 'true: one seniority; false: every seniority';
COMMENT ON COLUMN salaries.jobs IS 'jobs with a stated pay in the group';
COMMENT ON COLUMN salaries.implausible_jobs IS 'of those, jobs whose pay job_pay flags high or low (counted in every figure: check them)';
COMMENT ON COLUMN salaries.pay_low IS 'lowest pay stated in the group, per pay_period';
COMMENT ON COLUMN salaries.pay_min_p25 IS '25th percentile of the ranges'' minimums; NULL for groups of fewer than 5 jobs';
COMMENT ON COLUMN salaries.pay_mid_median IS 'median of the ranges'' midpoints; NULL for groups of fewer than 5 jobs';
COMMENT ON COLUMN salaries.pay_max_p75 IS '75th percentile of the ranges'' maximums; NULL for groups of fewer than 5 jobs';
COMMENT ON COLUMN salaries.pay_high IS 'highest pay stated in the group, per pay_period';

-- serves: how many HR jobs were posted in a region per week, by category and workplace
CREATE VIEW hr_jobs_weekly AS
SELECT CAST(date_trunc('week', make_timestamp(epoch_us(least(posted_at, first_seen_at)))) AS DATE) AS week,
       strftime(date_trunc('week', make_timestamp(epoch_us(least(posted_at, first_seen_at)))), '%G-W%V')
           AS iso_week,
       hr_category, location_country, location_region, workplace,
       count(*) AS jobs,
       count(*) FILTER (WHERE closed_at IS NULL) AS still_open
FROM jobs
WHERE hr_category IS NOT NULL
GROUP BY ALL;
COMMENT ON VIEW hr_jobs_weekly IS 'HR jobs (after dedup) by the week they opened, HR category, region and workplace';
COMMENT ON COLUMN hr_jobs_weekly.week IS 'Monday (UTC) of the week the job opened: least(posted_at, first_seen_at)';
COMMENT ON COLUMN hr_jobs_weekly.iso_week IS 'the same week as ISO 8601 year and week, e.g. 2026-W48 (as eolist digest --week)';
COMMENT ON COLUMN hr_jobs_weekly.hr_category IS 'jobs.hr_category';
COMMENT ON COLUMN hr_jobs_weekly.location_country IS 'jobs.location_country (ISO 3166-1 alpha-2)';
COMMENT ON COLUMN hr_jobs_weekly.location_region IS 'jobs.location_region (province or state, full name); NULL when unknown or remote';
COMMENT ON COLUMN hr_jobs_weekly.workplace IS 'jobs.workplace: onsite, hybrid or remote (NULL: not stated); filter remote out to count jobs in a place';
COMMENT ON COLUMN hr_jobs_weekly.jobs IS 'jobs that opened that week';
COMMENT ON COLUMN hr_jobs_weekly.still_open IS 'of those, the jobs still open now';

-- serves: how long jobs of a category stay open
CREATE VIEW time_to_close AS
SELECT job_id, title, company, hr_category, seniority, location_country, location_region,
       location_city, workplace, least(posted_at, first_seen_at) AS opened_at, closed_at,
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
COMMENT ON COLUMN time_to_close.workplace IS 'jobs.workplace: onsite, hybrid or remote (NULL: not stated)';
COMMENT ON COLUMN time_to_close.opened_at IS 'least(posted_at, first_seen_at): the source''s date unless we saw it first';
COMMENT ON COLUMN time_to_close.closed_at IS 'jobs.closed_at: when its last open posting was closed';
COMMENT ON COLUMN time_to_close.days_open IS 'closed_at - opened_at in days (fractional, never negative)';
COMMENT ON COLUMN time_to_close.reposted IS 'jobs.reposted: closed and seen again at least once, so days_open spans the gap';
