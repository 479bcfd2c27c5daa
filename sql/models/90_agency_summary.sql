-- agency_summary: one row per agency. Message counts are of canonical messages
-- (messages.duplicate_of IS NULL); message_rows counts every row before dedup, so readers can see
-- the difference. Dates are in the agency's own time zone.
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
        count(*) FILTER (WHERE NOT p.in_message) AS pages_not_in_message
    FROM pages p JOIN releases r USING (release_id)
    GROUP BY r.agency_id
),
msg AS (
    SELECT m.agency_id,
        count(*) AS message_rows,
        count(*) FILTER (WHERE m.duplicate_of IS NULL) AS messages,
        count(*) FILTER (WHERE m.duplicate_of IS NULL AND c.message_id IS NOT NULL)
            AS messages_with_ice,
        count(*) FILTER (WHERE m.duplicate_of IS NULL AND c.direction = 'agency_to_ice')
            AS agency_to_ice,
        count(*) FILTER (WHERE m.duplicate_of IS NULL AND c.direction = 'ice_to_agency')
            AS ice_to_agency,
        count(*) FILTER (WHERE m.duplicate_of IS NULL AND c.direction = 'internal_about_ice')
            AS internal_about_ice,
        count(DISTINCT m.thread_id) FILTER (WHERE m.duplicate_of IS NULL AND c.message_id IS NOT NULL)
            AS threads_with_ice,
        count(*) FILTER (WHERE m.duplicate_of IS NULL AND m.header_confidence < 0.75)
            AS messages_low_header_confidence,
        min(m.sent_at) FILTER (WHERE m.duplicate_of IS NULL) AS first_message_at,
        max(m.sent_at) FILTER (WHERE m.duplicate_of IS NULL) AS last_message_at
    FROM messages m LEFT JOIN message_contact c USING (message_id)
    GROUP BY m.agency_id
),
corr AS (
    -- Redacted addresses ('(b)(6)@ice.dhs.gov') cannot be told apart, so they are not counted.
    SELECT m.agency_id, count(DISTINCT p.address) AS ice_correspondents
    FROM participants p JOIN messages m USING (message_id)
    WHERE m.duplicate_of IS NULL AND p.party IN ('ice', 'cbp', 'uscis', 'dhs_other')
      AND p.address NOT LIKE '%(b)%' AND p.address NOT LIKE '%redact%'
    GROUP BY m.agency_id
),
staff AS (
    SELECT m.agency_id, count(DISTINCT p.address) AS agency_staff_in_contact
    FROM participants p JOIN messages m USING (message_id) JOIN message_contact c USING (message_id)
    WHERE m.duplicate_of IS NULL AND p.party = 'agency' AND c.direction <> 'internal_about_ice'
    GROUP BY m.agency_id
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
    coalesce(msg.message_rows, 0) AS message_rows,
    coalesce(msg.messages, 0) AS messages,
    coalesce(msg.messages_with_ice, 0) AS messages_with_ice,
    coalesce(msg.agency_to_ice, 0) AS agency_to_ice,
    coalesce(msg.ice_to_agency, 0) AS ice_to_agency,
    coalesce(msg.internal_about_ice, 0) AS internal_about_ice,
    coalesce(msg.threads_with_ice, 0) AS threads_with_ice,
    coalesce(corr.ice_correspondents, 0) AS ice_correspondents,
    coalesce(staff.agency_staff_in_contact, 0) AS agency_staff_in_contact,
    round(msg.agency_to_ice / nullif(msg.agency_to_ice + msg.ice_to_agency, 0), 3)
        AS share_sent_by_agency,
    CAST(timezone(a.timezone, msg.first_message_at) AS DATE) AS first_message_date,
    CAST(timezone(a.timezone, msg.last_message_at) AS DATE) AS last_message_date,
    coalesce(msg.messages_low_header_confidence, 0) AS messages_low_header_confidence,
    coalesce(err.ingest_errors, 0) AS ingest_errors
FROM agencies a
LEFT JOIN rel USING (agency_id)
LEFT JOIN docs USING (agency_id)
LEFT JOIN pg USING (agency_id)
LEFT JOIN msg USING (agency_id)
LEFT JOIN corr USING (agency_id)
LEFT JOIN staff USING (agency_id)
LEFT JOIN err USING (agency_id)
ORDER BY a.agency_id;
