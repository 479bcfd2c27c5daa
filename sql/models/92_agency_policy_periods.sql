-- agency_policy_periods: every count of message_facts split at each of the agency's policy dates
-- (raw/policies.csv): one row per agency, policy and metric, with the count before the policy's
-- effective_date and on or after it (agency's local date). Undated messages are in neither.
-- Exported as exports/agency_policy_periods.csv (aggregates only). Each side is summed before the
-- UNPIVOT, which then turns a few rows per policy into metric rows instead of every message's.
CREATE OR REPLACE TABLE agency_policy_periods AS
WITH periods AS (
    SELECT p.agency_id, p.policy, p.effective_date,
        f.local_date >= p.effective_date AS after,
        sum(COLUMNS(f.* EXCLUDE (message_id, agency_id, thread_id, sent_at, local_date, month,
            direction, response_hours)))
    FROM policies p
    JOIN message_facts f ON f.agency_id = p.agency_id AND f.local_date IS NOT NULL
    GROUP BY ALL
),
long AS (
    UNPIVOT periods
    ON COLUMNS(* EXCLUDE (agency_id, policy, effective_date, after))
    INTO NAME metric VALUE n
),
metric_order AS (
    SELECT column_name AS metric, ordinal_position
    FROM information_schema.columns
    WHERE table_schema = 'main' AND table_name = 'message_facts'
)
SELECT
    agency_id,
    policy,
    effective_date,
    metric,
    CAST(coalesce(sum(n) FILTER (WHERE NOT after), 0) AS BIGINT) AS before,
    CAST(coalesce(sum(n) FILTER (WHERE after), 0) AS BIGINT) AS after
FROM long JOIN metric_order USING (metric)
GROUP BY agency_id, policy, effective_date, metric, ordinal_position
ORDER BY agency_id, effective_date, policy, ordinal_position;
