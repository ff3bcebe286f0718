-- HR jobs posted per week in one region this year, by category (edit the region and year).
SELECT iso_week, hr_category, sum(jobs) AS jobs
FROM hr_jobs_weekly
WHERE location_region = 'Ontario' AND week >= date_trunc('year', current_date)
GROUP BY ALL ORDER BY iso_week, jobs DESC;
