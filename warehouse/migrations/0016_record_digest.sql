-- 0016: the load decides whether a known posting must be written again by one digest (issue
-- 22). It compared every content column of every known posting with the landing record's,
-- and hashed both descriptions of the record to compare them with the stored hashes (0015):
-- ~0.25 s of a steady load of 100k postings, a fifth of its merge. A landing record now
-- carries a digest of its content (pipeline.records.record_digest), stored here: equal
-- digests, equal content. A row without one (stored before this, or landed from a file
-- without one) is compared column by column, as before, and gets the digest when it matches.

ALTER TABLE postings ADD COLUMN record_digest BIGINT;
COMMENT ON COLUMN postings.record_digest IS 'digest of the landing record''s content (pipeline.records.record_digest): the load compares it to decide whether the posting is written again; NULL when it was landed without one';
