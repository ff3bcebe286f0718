-- 0006: landing batches set aside. A landing file the loader cannot read (not JSON Lines,
-- no closing Batch record, a value no column can hold) is moved to <landing>/quarantine/ and
-- recorded here, so the batches after it still load and the operator sees what was lost.

CREATE TABLE quarantined_batches (
    batch_id        VARCHAR PRIMARY KEY,
    path            VARCHAR NOT NULL,
    landed_path     VARCHAR NOT NULL,
    reason          VARCHAR NOT NULL,
    source_names    VARCHAR[] NOT NULL,
    size_bytes      BIGINT,
    quarantined_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE quarantined_batches IS 'landing file refused whole by the loader and moved to the quarantine folder; deleted when the batch, fixed and moved back, loads';
COMMENT ON COLUMN quarantined_batches.batch_id IS 'the landing file name without .jsonl (a crawl batch)';
COMMENT ON COLUMN quarantined_batches.path IS 'where the file is now (<landing>/quarantine/<batch_id>.jsonl); it is kept, never deleted';
COMMENT ON COLUMN quarantined_batches.landed_path IS 'where the crawl landed it (move it back there to load it again)';
COMMENT ON COLUMN quarantined_batches.reason IS 'why the loader refused it, one line';
COMMENT ON COLUMN quarantined_batches.source_names IS 'sources named in the lines that could be read (their postings of that batch are not in the warehouse)';
COMMENT ON COLUMN quarantined_batches.size_bytes IS 'file size when it was set aside';
COMMENT ON COLUMN quarantined_batches.quarantined_at IS 'when it was set aside (UTC)';
