-- alpr_agency_metrics: one row per agency, ALPR search counts from alpr_searches, for the lead to
-- join into agency_summary. Counts are of distinct searches (after dedup); a search logged by two
-- agencies counts for the agency that holds its canonical copy (see 60_alpr_searches.sql), so the
-- column sums over agencies are region-wide totals. `alpr_searches_in_logs` counts every distinct
-- search that appears in the agency's own logs, wherever its canonical copy went, and
-- `alpr_search_rows` the log rows before dedup.
-- Policy: `policy_date` is the agency's earliest effective_date in policies (any policy on file);
-- a search is after it when its local date is on or after that day. Dates use the agency's zone.
CREATE OR REPLACE TABLE alpr_agency_metrics AS
WITH policy AS (
    SELECT agency_id, min(effective_date) AS policy_date FROM policies GROUP BY agency_id
),
searches AS (
    SELECT s.*, p.policy_date,
        CAST(timezone(a.timezone, s.search_at) AS DATE) AS search_date
    FROM alpr_searches s
    JOIN agencies a USING (agency_id)
    LEFT JOIN policy p USING (agency_id)
),
counts AS (
    SELECT agency_id,
        count(*) AS alpr_searches,
        count(*) FILTER (WHERE immigration_reason) AS alpr_immigration_searches,
        count(*) FILTER (WHERE needs_review) AS alpr_needs_review_searches,
        count(*) FILTER (WHERE federal_org) AS alpr_federal_searches,
        count(*) FILTER (WHERE federal_agency = 'ICE') AS alpr_federal_ice_searches,
        count(*) FILTER (WHERE federal_agency = 'HSI') AS alpr_federal_hsi_searches,
        count(*) FILTER (WHERE federal_agency = 'CBP') AS alpr_federal_cbp_searches,
        count(*) FILTER (WHERE federal_agency = 'other') AS alpr_federal_other_searches,
        count(DISTINCT searching_org) FILTER (WHERE federal_org) AS alpr_federal_orgs,
        count(*) FILTER (WHERE search_at IS NULL) AS alpr_searches_without_time,
        min(search_date) AS alpr_first_search_date,
        max(search_date) AS alpr_last_search_date,
        count(*) FILTER (WHERE search_date < policy_date) AS alpr_searches_before_policy,
        count(*) FILTER (WHERE search_date >= policy_date) AS alpr_searches_after_policy,
        count(*) FILTER (WHERE immigration_reason AND search_date < policy_date)
            AS alpr_immigration_searches_before_policy,
        count(*) FILTER (WHERE immigration_reason AND search_date >= policy_date)
            AS alpr_immigration_searches_after_policy,
        count(*) FILTER (WHERE federal_org AND search_date < policy_date)
            AS alpr_federal_searches_before_policy,
        count(*) FILTER (WHERE federal_org AND search_date >= policy_date)
            AS alpr_federal_searches_after_policy
    FROM searches
    GROUP BY agency_id
),
logs AS (
    SELECT agency_id, count(*) AS alpr_search_rows
    FROM stg_alpr_searches GROUP BY agency_id
),
in_logs AS (
    SELECT agency_id, count(DISTINCT search_key) AS alpr_searches_in_logs
    FROM (
        SELECT trim(unnest(string_split(agencies_in_logs, ';'))) AS agency_id, search_key
        FROM alpr_searches
    )
    GROUP BY agency_id
)
SELECT
    a.agency_id,
    coalesce(l.alpr_search_rows, 0) AS alpr_search_rows,
    coalesce(c.alpr_searches, 0) AS alpr_searches,
    coalesce(i.alpr_searches_in_logs, 0) AS alpr_searches_in_logs,
    coalesce(c.alpr_immigration_searches, 0) AS alpr_immigration_searches,
    coalesce(c.alpr_needs_review_searches, 0) AS alpr_needs_review_searches,
    coalesce(c.alpr_federal_searches, 0) AS alpr_federal_searches,
    coalesce(c.alpr_federal_ice_searches, 0) AS alpr_federal_ice_searches,
    coalesce(c.alpr_federal_hsi_searches, 0) AS alpr_federal_hsi_searches,
    coalesce(c.alpr_federal_cbp_searches, 0) AS alpr_federal_cbp_searches,
    coalesce(c.alpr_federal_other_searches, 0) AS alpr_federal_other_searches,
    coalesce(c.alpr_federal_orgs, 0) AS alpr_federal_orgs,
    coalesce(c.alpr_searches_without_time, 0) AS alpr_searches_without_time,
    c.alpr_first_search_date,
    c.alpr_last_search_date,
    p.policy_date AS alpr_policy_date,
    coalesce(c.alpr_searches_before_policy, 0) AS alpr_searches_before_policy,
    coalesce(c.alpr_searches_after_policy, 0) AS alpr_searches_after_policy,
    coalesce(c.alpr_immigration_searches_before_policy, 0)
        AS alpr_immigration_searches_before_policy,
    coalesce(c.alpr_immigration_searches_after_policy, 0)
        AS alpr_immigration_searches_after_policy,
    coalesce(c.alpr_federal_searches_before_policy, 0) AS alpr_federal_searches_before_policy,
    coalesce(c.alpr_federal_searches_after_policy, 0) AS alpr_federal_searches_after_policy
FROM agencies a
LEFT JOIN counts c USING (agency_id)
LEFT JOIN logs l USING (agency_id)
LEFT JOIN in_logs i USING (agency_id)
LEFT JOIN policy p USING (agency_id)
ORDER BY a.agency_id;
