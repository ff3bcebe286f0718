-- 0008: pay and terms read from the description (issue 19). The pay's own words are kept
-- beside the figures so a reader can audit a salary read from text; a hybrid job's days in
-- the office and a contract's length are stated terms an analyst filters on.

ALTER TABLE postings ADD COLUMN salary_text VARCHAR;
ALTER TABLE postings ADD COLUMN office_days BIGINT;
ALTER TABLE postings ADD COLUMN contract_months BIGINT;
COMMENT ON COLUMN postings.salary_text IS 'the words the pay was read from: the source''s pay field, or the description sentence (salary_origin text); NULL for structured pay';
COMMENT ON COLUMN postings.office_days IS 'days a week in the office, when a hybrid ad states them (lowest of a stated range)';
COMMENT ON COLUMN postings.contract_months IS 'length of a contract or temporary job in months, when the ad states it';
