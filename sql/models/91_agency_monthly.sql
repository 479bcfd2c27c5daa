-- agency_monthly: one row per agency and month (YYYY-MM in the agency's zone), from the agency's
-- first to its last dated message with no gaps (months without messages show zeros), plus one row
-- with an empty month for undated messages when there are any. Exported as
-- exports/agency_monthly.csv (aggregates only). The counts are the sums of message_facts columns,
-- as in agency_summary, so each count column adds up to the agency_summary value; the distinct
-- counts, shares and medians are per month. ALPR counts come from alpr_monthly_metrics.
CREATE OR REPLACE TABLE agency_monthly AS
WITH bounds AS (
    SELECT agency_id,
        date_trunc('month', min(local_date)) AS first_month,
        date_trunc('month', max(local_date)) AS last_month
    FROM message_facts
    WHERE local_date IS NOT NULL
    GROUP BY agency_id
),
spine AS (
    SELECT agency_id, strftime(unnest(generate_series(first_month, last_month, INTERVAL 1 MONTH)),
        '%Y-%m') AS month
    FROM bounds
    UNION ALL
    SELECT DISTINCT agency_id, NULL AS month FROM message_facts WHERE month IS NULL
),
sums AS (
    SELECT s.agency_id, s.month,
        CAST(coalesce(sum(COLUMNS(f.* EXCLUDE (message_id, agency_id, thread_id, sent_at,
            local_date, month, direction, response_hours))), 0) AS BIGINT)
    FROM spine s
    LEFT JOIN message_facts f ON f.agency_id = s.agency_id AND f.month IS NOT DISTINCT FROM s.month
    GROUP BY s.agency_id, s.month
),
spans AS (
    SELECT agency_id, month,
        count(DISTINCT thread_id) FILTER (WHERE direction IS NOT NULL) AS threads_with_ice,
        median(response_hours) AS median_response_hours,
        count(response_hours) AS responses_timed
    FROM message_facts GROUP BY agency_id, month
),
corr AS (
    SELECT f.agency_id, f.month, count(DISTINCT p.address) AS ice_correspondents
    FROM participants p JOIN message_facts f USING (message_id)
    WHERE f.direction IS NOT NULL AND p.party IN ('ice', 'cbp', 'uscis', 'dhs_other')
      AND p.address NOT LIKE '%(b)%' AND p.address NOT ILIKE '%redact%'
    GROUP BY f.agency_id, f.month
),
staff AS (
    SELECT f.agency_id, f.month, count(DISTINCT p.address) AS agency_staff_in_contact
    FROM participants p JOIN message_facts f USING (message_id)
    WHERE f.direction IN ('agency_to_ice', 'ice_to_agency', 'ice_other') AND p.party = 'agency'
    GROUP BY f.agency_id, f.month
),
alpr AS (
    SELECT agency_id, strftime(month, '%Y-%m') AS month, alpr_searches,
        alpr_immigration_searches, alpr_federal_searches
    FROM alpr_monthly_metrics
)
SELECT
    s.agency_id,
    s.month,
    s.* EXCLUDE (agency_id, month),
    coalesce(spans.threads_with_ice, 0) AS threads_with_ice,
    coalesce(corr.ice_correspondents, 0) AS ice_correspondents,
    coalesce(staff.agency_staff_in_contact, 0) AS agency_staff_in_contact,
    round(s.agency_to_ice / nullif(s.agency_to_ice + s.ice_to_agency, 0), 3)
        AS share_sent_by_agency,
    round(s.threads_started_by_agency
        / nullif(s.threads_started_by_agency + s.threads_started_by_ice, 0), 3)
        AS share_threads_started_by_agency,
    spans.median_response_hours,
    coalesce(spans.responses_timed, 0) AS responses_timed,
    coalesce(alpr.alpr_searches, 0) AS alpr_searches,
    coalesce(alpr.alpr_immigration_searches, 0) AS alpr_immigration_searches,
    coalesce(alpr.alpr_federal_searches, 0) AS alpr_federal_searches
FROM sums s
LEFT JOIN spans ON spans.agency_id = s.agency_id AND spans.month IS NOT DISTINCT FROM s.month
LEFT JOIN corr ON corr.agency_id = s.agency_id AND corr.month IS NOT DISTINCT FROM s.month
LEFT JOIN staff ON staff.agency_id = s.agency_id AND staff.month IS NOT DISTINCT FROM s.month
LEFT JOIN alpr ON alpr.agency_id = s.agency_id AND alpr.month = s.month
ORDER BY s.agency_id, s.month NULLS LAST;
