-- Employers that hire recruiters (talent acquisition) most often.
SELECT company, sum(jobs) AS recruiter_jobs, sum(still_open) AS open_now
FROM employers WHERE hr_category = 'talent_acquisition'
GROUP BY company ORDER BY recruiter_jobs DESC LIMIT 20;
