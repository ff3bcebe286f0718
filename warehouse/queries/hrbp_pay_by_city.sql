-- What HR business partners earn in Toronto vs Vancouver (annualised, per currency).
SELECT location_city, salary_currency, jobs, annual_min_p25, annual_mid_median, annual_max_p75
FROM salaries
WHERE hr_category = 'hr_business_partner' AND by_city AND NOT by_seniority
  AND location_city IN ('Toronto', 'Vancouver')
ORDER BY location_city;
