-- 0014: sitemaps' lastmod on a recrawl (issue 17 item 1). A detail page whose sitemap lastmod
-- is not newer than the source's last complete crawl, and whose posting the warehouse holds,
-- is not fetched again (pipeline.recrawl); its postings count as seen (warehouse.closing).
-- How many pages a crawl left unfetched so is kept, so a small `fetched` is explained.

ALTER TABLE source_runs ADD COLUMN unchanged_pages INTEGER DEFAULT 0;
COMMENT ON COLUMN source_runs.unchanged_pages IS 'detail pages not fetched again: their sitemap lastmod is not newer than the source''s last complete crawl, their postings held open (counted in unchanged and listed, seen without a fetch)';
