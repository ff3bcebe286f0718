-- 0009: the list owner's desk remembers what she did. Every decision is logged with the state
-- it replaced, so undo restores exactly that state (a stack: the latest group not undone yet),
-- and a second tab asks "what changed since log entry N" instead of reloading the queue.
-- Saved filters are named queue views she returns to each week.

CREATE TABLE curation_log (
    seq           BIGINT PRIMARY KEY,
    grp           BIGINT NOT NULL,
    job_id        VARCHAR NOT NULL,
    action        VARCHAR NOT NULL,
    old_status    VARCHAR NOT NULL,
    old_featured  BOOLEAN NOT NULL,
    new_status    VARCHAR NOT NULL,
    new_featured  BOOLEAN NOT NULL,
    decided_at    TIMESTAMPTZ NOT NULL,
    undone_by     BIGINT
);
COMMENT ON TABLE curation_log IS 'every change to a curation row (decisions, undos, notes and titles), oldest first; undo reads it, other tabs poll it';
COMMENT ON COLUMN curation_log.seq IS 'order of the change, from 1; the page''s version is the largest';
COMMENT ON COLUMN curation_log.grp IS 'one key press or click: a bulk decision is one group of several jobs, undone together';
COMMENT ON COLUMN curation_log.job_id IS 'jobs.job_id when decided (follow job_merges when merged since)';
COMMENT ON COLUMN curation_log.action IS 'approve, reject, feature, undo, employer (an always-approve rule), note or title';
COMMENT ON COLUMN curation_log.old_status IS 'curation.status before the change (undecided when there was no row)';
COMMENT ON COLUMN curation_log.old_featured IS 'curation.featured before the change';
COMMENT ON COLUMN curation_log.new_status IS 'curation.status after the change';
COMMENT ON COLUMN curation_log.new_featured IS 'curation.featured after the change';
COMMENT ON COLUMN curation_log.decided_at IS 'when (UTC)';
COMMENT ON COLUMN curation_log.undone_by IS 'grp of the undo that restored old_status and old_featured; NULL while it stands';

CREATE TABLE saved_filters (
    name      VARCHAR PRIMARY KEY,
    query     VARCHAR NOT NULL,
    saved_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE saved_filters IS 'the list owner''s named queue views (eolist ui), e.g. Toronto, not agencies, has pay';
COMMENT ON COLUMN saved_filters.name IS 'her name for it, shown above the queue';
COMMENT ON COLUMN saved_filters.query IS 'the queue''s query string, e.g. city=Toronto&agency=hide&salary=1';
COMMENT ON COLUMN saved_filters.saved_at IS 'when she saved it (UTC)';

COMMENT ON COLUMN curation_rules.kind IS 'blocked_employer (hidden), blocked_keyword (title word, hidden), agency (staffing agency name, flagged), agency_phrase (description wording such as our client, flagged), approved_employer (always approved) or unhidden_job (a job id shown despite a rule)';
COMMENT ON COLUMN curation_rules.value IS 'the name or words, matched case-insensitively (employers by their leading words after folding legal suffixes: Randstad matches Randstad Canada Inc.); a job id for unhidden_job';
