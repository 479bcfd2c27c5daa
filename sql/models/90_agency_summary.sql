-- agency_summary: one row per agency; exported as exports/agency_summary.csv (aggregates only).
-- Message counts are of canonical messages (messages.duplicate_of IS NULL); message_rows counts
-- every row before dedup and dedup_ratio = message_rows / messages shows the difference. Dates are
-- in the agency's own zone. Every 0/1 column of message_facts becomes a sum here under the same
-- name (metrics are defined once, in 50_message_facts.sql); the rest is coverage, distinct counts,
-- shares and the median response time, plus ALPR counts from alpr_agency_metrics.
CREATE OR REPLACE TABLE agency_summary AS
WITH docs AS (
    SELECT agency_id,
        count(*) AS documents,
        count(*) FILTER (WHERE status = 'quarantined') AS documents_quarantined,
        count(*) FILTER (WHERE status = 'duplicate') AS documents_duplicate,
        count(*) FILTER (WHERE status = 'unsupported') AS documents_unsupported
    FROM documents GROUP BY agency_id
),
rel AS (SELECT agency_id, count(*) AS releases FROM releases GROUP BY agency_id),
pg AS (
    SELECT r.agency_id, count(*) AS pages,
        count(*) FILTER (WHERE NOT p.in_message) AS pages_not_in_message,
        count(*) FILTER (WHERE p.text_source = 'ocr') AS ocr_pages,
        count(*) FILTER (WHERE p.redaction_boxes > 0 OR p.exemption_codes IS NOT NULL)
            AS redacted_pages
    FROM pages p JOIN releases r USING (release_id)
    GROUP BY r.agency_id
),
rows_ AS (SELECT agency_id, count(*) AS message_rows FROM messages GROUP BY agency_id),
sums AS (
    SELECT a.agency_id,
        CAST(coalesce(sum(COLUMNS(f.* EXCLUDE (message_id, agency_id, thread_id, sent_at,
            local_date, month, direction, response_hours))), 0) AS BIGINT)
    FROM agencies a LEFT JOIN message_facts f USING (agency_id)
    GROUP BY a.agency_id
),
spans AS (
    SELECT agency_id,
        count(DISTINCT thread_id) FILTER (WHERE direction IS NOT NULL) AS threads_with_ice,
        min(local_date) AS first_message_date,
        max(local_date) AS last_message_date,
        median(response_hours) AS median_response_hours,
        count(response_hours) AS responses_timed
    FROM message_facts GROUP BY agency_id
),
corr AS (
    -- Redacted addresses ('(b)(6)@ice.dhs.gov') cannot be told apart, so they are not counted.
    SELECT f.agency_id, count(DISTINCT p.address) AS ice_correspondents
    FROM participants p JOIN message_facts f USING (message_id)
    WHERE f.direction IS NOT NULL AND p.party IN ('ice', 'cbp', 'uscis', 'dhs_other')
      AND p.address NOT LIKE '%(b)%' AND p.address NOT ILIKE '%redact%'
    GROUP BY f.agency_id
),
staff AS (
    SELECT f.agency_id, count(DISTINCT p.address) AS agency_staff_in_contact
    FROM participants p JOIN message_facts f USING (message_id)
    WHERE f.direction IN ('agency_to_ice', 'ice_to_agency', 'ice_other') AND p.party = 'agency'
    GROUP BY f.agency_id
),
err AS (SELECT d.agency_id, count(*) AS ingest_errors
        FROM ingest_errors e JOIN releases d USING (release_id) GROUP BY d.agency_id)
SELECT
    a.agency_id,
    a.name AS agency_name,
    a.agency_type,
    a.county,
    a.state,
    coalesce(rel.releases, 0) AS releases,
    coalesce(docs.documents, 0) AS documents,
    coalesce(docs.documents_quarantined, 0) AS documents_quarantined,
    coalesce(docs.documents_duplicate, 0) AS documents_duplicate,
    coalesce(docs.documents_unsupported, 0) AS documents_unsupported,
    coalesce(pg.pages, 0) AS pages,
    coalesce(pg.pages_not_in_message, 0) AS pages_not_in_message,
    coalesce(rows_.message_rows, 0) AS message_rows,
    s.messages,
    s.messages_with_ice,
    s.agency_to_ice,
    s.ice_to_agency,
    s.internal_about_ice,
    coalesce(spans.threads_with_ice, 0) AS threads_with_ice,
    coalesce(corr.ice_correspondents, 0) AS ice_correspondents,
    coalesce(staff.agency_staff_in_contact, 0) AS agency_staff_in_contact,
    round(s.agency_to_ice / nullif(s.agency_to_ice + s.ice_to_agency, 0), 3)
        AS share_sent_by_agency,
    spans.first_message_date,
    spans.last_message_date,
    s.messages_low_header_confidence,
    coalesce(err.ingest_errors, 0) AS ingest_errors,
    round(rows_.message_rows / nullif(s.messages, 0), 3) AS dedup_ratio,
    round(pg.ocr_pages / nullif(pg.pages, 0), 3) AS ocr_pages_share,
    round(pg.redacted_pages / nullif(pg.pages, 0), 3) AS redacted_pages_share,
    round(s.threads_started_by_agency
        / nullif(s.threads_started_by_agency + s.threads_started_by_ice, 0), 3)
        AS share_threads_started_by_agency,
    spans.median_response_hours,
    coalesce(spans.responses_timed, 0) AS responses_timed,
    s.* EXCLUDE (agency_id, messages, messages_with_ice, agency_to_ice, ice_to_agency,
        internal_about_ice, messages_low_header_confidence),
    coalesce(alpr.alpr_searches, 0) AS alpr_searches,
    coalesce(alpr.alpr_immigration_searches, 0) AS alpr_immigration_searches,
    coalesce(alpr.alpr_federal_searches, 0) AS alpr_federal_searches
FROM agencies a
JOIN sums s USING (agency_id)
LEFT JOIN rel USING (agency_id)
LEFT JOIN docs USING (agency_id)
LEFT JOIN pg USING (agency_id)
LEFT JOIN rows_ USING (agency_id)
LEFT JOIN spans USING (agency_id)
LEFT JOIN corr USING (agency_id)
LEFT JOIN staff USING (agency_id)
LEFT JOIN err USING (agency_id)
LEFT JOIN alpr_agency_metrics alpr USING (agency_id)
ORDER BY a.agency_id;
