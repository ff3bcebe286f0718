-- How long payroll jobs stay open, by region.
SELECT location_country, location_region, count(*) AS closed_jobs,
       median(days_open) AS median_days, quantile_cont(days_open, 0.9) AS p90_days
FROM time_to_close WHERE hr_category = 'payroll'
GROUP BY ALL ORDER BY closed_jobs DESC;
