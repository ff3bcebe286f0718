-- What HR business partners earn in Toronto vs Vancouver (full-time, a year, per currency).
SELECT location_city, salary_currency, jobs, pay_min_p25, pay_mid_median, pay_max_p75
FROM salaries
WHERE hr_category = 'hr_business_partner' AND by_city AND NOT by_seniority
  AND employment_type = 'FULL_TIME' AND pay_period = 'YEAR'
  AND location_city IN ('Toronto', 'Vancouver')
ORDER BY location_city;
