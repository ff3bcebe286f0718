-- 0011: the list owner's week (issue 18). A week has one list and, on purpose only, supplements;
-- the employer cap counts every list of the week; a list can be taken back within a grace period;
-- each feed entry keeps an id of its own so a mail tool never resends a list when the public
-- address changes; she chooses the week's blog posts (exclude / feature).

ALTER TABLE digests ADD COLUMN kind VARCHAR DEFAULT 'list';
ALTER TABLE digests ADD COLUMN entry_id VARCHAR;
ALTER TABLE digests ADD COLUMN unpublished_at TIMESTAMPTZ;
COMMENT ON COLUMN digests.kind IS 'list (the week''s list) or supplement (a second list sent on purpose in the same week)';
COMMENT ON COLUMN digests.entry_id IS 'the feed entry''s id (urn:uuid:..., made at publishing and kept), never derived from the public address';
COMMENT ON COLUMN digests.unpublished_at IS 'when she took it back (within the grace period): out of the feed, its jobs and posts offered again; NULL while it stands';

-- Lists published before this migration keep the id their feed entries already had (their URL on
-- the public address then in force), so a mail tool reading the feed does not send them again.
UPDATE digests SET kind = 'list' WHERE kind IS NULL;
UPDATE digests SET entry_id = rtrim(coalesce(
        (SELECT value FROM curation_settings WHERE key = 'public_url'), 'http://127.0.0.1:8765/'),
        '/') || '/digests/' || digest_id || '.html'
    WHERE entry_id IS NULL;
-- Their address was the default then; keep it as hers so the feed's links do not change.
INSERT INTO curation_settings
    SELECT 'public_url', 'http://127.0.0.1:8765/'
    WHERE EXISTS (SELECT 1 FROM digests)
      AND NOT EXISTS (SELECT 1 FROM curation_settings WHERE key = 'public_url');

ALTER TABLE digest_posts ADD COLUMN featured BOOLEAN DEFAULT false;
COMMENT ON COLUMN digest_posts.featured IS 'she featured it (listed first in the round-up)';

CREATE TABLE post_choices (
    entry_key   VARCHAR PRIMARY KEY,
    choice      VARCHAR NOT NULL,
    decided_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE post_choices IS 'the list owner''s choice on a candidate blog post (Digest page); a post without a row is included';
COMMENT ON COLUMN post_choices.entry_key IS 'blog_posts.entry_key';
COMMENT ON COLUMN post_choices.choice IS 'exclude (left out of every list) or feature (listed first)';
COMMENT ON COLUMN post_choices.decided_at IS 'when she chose';
