-- 0015: the load compares a posting's descriptions by hash (issue 22). Deciding whether a known
-- posting must be written again compared every stored column with the landing record's,
-- which read both descriptions of every known posting at every load: ~40% of that step, and
-- ~10% of a steady crawl's whole load at 100k postings. The load now compares DuckDB's
-- hash() of each description with the one stored beside it (warehouse.merge). A NULL hash
-- compares as different, and a hash function that changed under a DuckDB upgrade is noticed
-- and the hashes recomputed before a load compares them (warehouse.merge.check_hashes).

ALTER TABLE postings ADD COLUMN description_text_hash UBIGINT;
ALTER TABLE postings ADD COLUMN description_html_hash UBIGINT;
UPDATE postings SET description_text_hash = hash(description_text),
                    description_html_hash = hash(description_html);
COMMENT ON COLUMN postings.description_text_hash IS 'DuckDB hash() of description_text: the load compares it instead of the text to decide whether the posting changed (warehouse.load)';
COMMENT ON COLUMN postings.description_html_hash IS 'DuckDB hash() of description_html, compared by the load the same way';
