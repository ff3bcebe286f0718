-- Sources that need attention: failing, suspiciously empty or never crawled successfully.
SELECT source_name, kind, health, consecutive_failures, last_error, last_ok_at, open_postings
FROM source_health WHERE health NOT IN ('ok', 'disabled')
ORDER BY consecutive_failures DESC, source_name;
