-- alpr_monthly_metrics: agency x month (in the agency's zone) for months with at least one search,
-- same counting as alpr_agency_metrics (distinct searches, by the agency holding the canonical
-- copy). Searches without a time have no month and appear only in alpr_agency_metrics.
-- `policies_in_effect` lists the agency's policies in effect on any day of the month;
-- `after_policy` is true when the agency's earliest policy took effect on or before the 1st.
CREATE OR REPLACE TABLE alpr_monthly_metrics AS
WITH searches AS (
    SELECT s.*,
        CAST(date_trunc('month', timezone(a.timezone, s.search_at)) AS DATE) AS month
    FROM alpr_searches s
    JOIN agencies a USING (agency_id)
    WHERE s.search_at IS NOT NULL
),
counts AS (
    SELECT agency_id, month,
        count(*) AS alpr_searches,
        count(*) FILTER (WHERE immigration_reason) AS alpr_immigration_searches,
        count(*) FILTER (WHERE needs_review) AS alpr_needs_review_searches,
        count(*) FILTER (WHERE federal_org) AS alpr_federal_searches,
        count(*) FILTER (WHERE federal_agency = 'ICE') AS alpr_federal_ice_searches,
        count(*) FILTER (WHERE federal_agency = 'HSI') AS alpr_federal_hsi_searches,
        count(*) FILTER (WHERE federal_agency = 'CBP') AS alpr_federal_cbp_searches,
        count(*) FILTER (WHERE federal_agency = 'other') AS alpr_federal_other_searches
    FROM searches
    GROUP BY agency_id, month
),
in_effect AS (
    SELECT c.agency_id, c.month,
        string_agg(p.policy, ';' ORDER BY p.effective_date, p.policy) AS policies_in_effect,
        coalesce(min(p.effective_date) <= c.month, false) AS after_policy
    FROM counts c
    LEFT JOIN policies p
        ON p.agency_id = c.agency_id
        AND p.effective_date < c.month + INTERVAL 1 MONTH
    GROUP BY c.agency_id, c.month
)
SELECT
    c.agency_id,
    c.month,
    c.alpr_searches,
    c.alpr_immigration_searches,
    c.alpr_needs_review_searches,
    c.alpr_federal_searches,
    c.alpr_federal_ice_searches,
    c.alpr_federal_hsi_searches,
    c.alpr_federal_cbp_searches,
    c.alpr_federal_other_searches,
    e.policies_in_effect,
    e.after_policy
FROM counts c
JOIN in_effect e USING (agency_id, month)
ORDER BY c.agency_id, c.month;
