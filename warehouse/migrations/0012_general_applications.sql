-- 0012: general applications (issue 17). An employer's standing invitation to apply ("Open
-- Application", "Talent Community", "Candidature spontanée") is kept, as an analyst counts
-- what an employer advertises, but flagged: it names no job, so the review queue and the
-- weekly list leave it out (curation.queue, curation.compose read GENERAL_JOBS).

ALTER TABLE postings ADD COLUMN general_application BOOLEAN DEFAULT false;
COMMENT ON COLUMN postings.general_application IS 'a standing invitation to apply rather than a job: its title (EN/FR patterns, pipeline.general) or its ATS said so';

-- a job all of whose postings are general applications (a real job merged with one is a job)
CREATE VIEW general_application_jobs AS
SELECT job_id
FROM postings
WHERE job_id IS NOT NULL
GROUP BY job_id
HAVING bool_and(coalesce(general_application, false));
COMMENT ON VIEW general_application_jobs IS 'jobs whose every posting is a general application: left out of the queue and the digest';
COMMENT ON COLUMN general_application_jobs.job_id IS 'jobs.job_id of a job all of whose postings are general applications';
