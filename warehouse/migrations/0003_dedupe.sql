-- 0003: cross-source dedup (pipeline.dedupe, warehouse.jobs). Signatures are kept so new
-- postings are matched against existing ones without recomputing them; merges are kept so
-- an old job id (in a digest, a link, a curation decision) can be followed to the job that
-- absorbed it.

CREATE TABLE posting_signatures (
    posting_key  VARCHAR PRIMARY KEY,
    version      VARCHAR NOT NULL,
    fingerprint  VARCHAR NOT NULL,
    signature    BLOB NOT NULL,
    shingles     INTEGER NOT NULL
);
COMMENT ON TABLE posting_signatures IS 'MinHash signature of each posting''s description (pipeline.dedupe.minhash); recomputed when version or fingerprint differ';
COMMENT ON COLUMN posting_signatures.posting_key IS 'postings.posting_key';
COMMENT ON COLUMN posting_signatures.version IS 'pipeline.dedupe.minhash.SIGNATURE_VERSION that computed it; other versions are never compared';
COMMENT ON COLUMN posting_signatures.fingerprint IS 'postings.fingerprint when computed; a different current fingerprint means stale';
COMMENT ON COLUMN posting_signatures.signature IS '64 little-endian uint32 one-permutation min-hashes of the description''s 3-word shingles';
COMMENT ON COLUMN posting_signatures.shingles IS 'number of shingles in the description (0: no usable description)';

CREATE TABLE dedupe_keys (
    key          VARCHAR NOT NULL,
    posting_key  VARCHAR NOT NULL,
    PRIMARY KEY (key, posting_key)
);
COMMENT ON TABLE dedupe_keys IS 'exact dedup keys a posting carries (pipeline.dedupe.keys): ATS requisitions and canonical URLs';
COMMENT ON COLUMN dedupe_keys.key IS 'e.g. greenhouse:12345, lever:<uuid>, url:<canonical url>';
COMMENT ON COLUMN dedupe_keys.posting_key IS 'postings.posting_key';
-- serves: finding existing postings that share an exact key with new ones
CREATE INDEX dedupe_keys_posting ON dedupe_keys (posting_key);

CREATE TABLE job_merges (
    merged_job_id  VARCHAR PRIMARY KEY,
    into_job_id    VARCHAR NOT NULL,
    merged_at      TIMESTAMPTZ NOT NULL,
    batch_id       VARCHAR
);
COMMENT ON TABLE job_merges IS 'a job that was found to be the same as another and absorbed into it';
COMMENT ON COLUMN job_merges.merged_job_id IS 'the job id that no longer exists in jobs';
COMMENT ON COLUMN job_merges.into_job_id IS 'the surviving jobs.job_id (kept current when the survivor merges again)';
COMMENT ON COLUMN job_merges.merged_at IS 'when the merge was made (load time)';
COMMENT ON COLUMN job_merges.batch_id IS 'landing batch whose postings caused the merge; NULL for eolist dedupe rebuild';
