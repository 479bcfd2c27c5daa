-- message_facts: one row per canonical message (messages.duplicate_of IS NULL) with the keys the
-- metrics group by and one 0/1 column per thing the metrics count. agency_summary,
-- agency_monthly and agency_policy_periods add these columns up, so a metric is defined once, here.
-- Keys: local_date and month are in the agency's zone; direction is NULL when the message is not
-- ICE contact; response_hours, for an ice_to_agency message, is the time until the first later
-- agency_to_ice message of the same thread within 30 days (a later answer is rarely an answer).
-- Counts (each 0 or 1):
--   contact: messages_with_ice and one column per direction; threads_started_by_agency/_by_ice:
--     the message is the first agency_to_ice/ice_to_agency message of its thread.
--   TRUTH Act (Gov. Code 7283): detainer_requests_received (ice_to_agency + detainer_hold),
--     notification_requests_received (ice_to_agency + release_notification),
--     release_notifications_sent (agency_to_ice + release_notification), transfers
--     (transfer_custody), interviews (jail_access_interview), personal_info_shares (agency_to_ice +
--     personal_info); all except the two "received" exclude refusals.
--   data sharing: attachments_sent_to_ice (agency_to_ice with an attachment on any copy);
--     messages_with_identifiers and per kind (message_identifiers), on ICE contact only.
--   review: messages_needing_review (a category with needs_review), messages_reviewed (an applied
--     override names it or a copy), contacts_after_policy (listed in policy_contacts).
--   quality: messages_low_header_confidence (header_confidence < 0.75).
--   cat_<category>: the message is ICE contact and carries the category (message_categories).
CREATE OR REPLACE TABLE message_facts AS
WITH canonical AS (
    SELECT m.message_id, m.agency_id, m.thread_id, m.sent_at, m.header_confidence,
        CAST(timezone(a.timezone, m.sent_at) AS DATE) AS local_date,
        strftime(timezone(a.timezone, m.sent_at), '%Y-%m') AS month,
        c.direction
    FROM messages m
    JOIN agencies a USING (agency_id)
    LEFT JOIN message_contact c USING (message_id)
    WHERE m.duplicate_of IS NULL
),
thread_starts AS (  -- a hash aggregate, not a window sort: (sent_at NULLS LAST, message_id)
    SELECT arg_min(message_id, {'undated': sent_at IS NULL, 'at': sent_at, 'id': message_id})
        AS message_id
    FROM canonical
    WHERE direction IN ('agency_to_ice', 'ice_to_agency')
    GROUP BY thread_id
),
responses AS (
    SELECT q.message_id,
        round(date_diff('second', q.sent_at, min(r.sent_at)) / 3600.0, 2) AS response_hours
    FROM canonical q
    JOIN canonical r
        ON r.thread_id = q.thread_id AND r.direction = 'agency_to_ice'
        AND r.sent_at > q.sent_at AND r.sent_at <= q.sent_at + INTERVAL 30 DAY
    WHERE q.direction = 'ice_to_agency'
    GROUP BY q.message_id, q.sent_at
),
with_attachments AS (
    SELECT DISTINCT coalesce(m.duplicate_of, m.message_id) AS message_id
    FROM attachments t JOIN messages m USING (message_id)
),
reviewed AS (
    SELECT DISTINCT canonical_message_id AS message_id FROM review_status WHERE status = 'applied'
),
flags AS (
    SELECT f.*,
        f.direction IS NOT NULL AS contact,
        coalesce(f.direction, 'none') AS dir,
        coalesce(k.categories, 0) AS categories,
        coalesce(k.needs_review, false) AS needs_review,
        coalesce(i.a_numbers, 0) AS a_numbers,
        coalesce(i.fbi_numbers, 0) + coalesce(i.cii_numbers, 0) AS fbi_cii_numbers,
        coalesce(i.dates_of_birth, 0) AS dates_of_birth,
        s.message_id IS NOT NULL AS starts_thread,
        r.response_hours,
        w.message_id IS NOT NULL AS has_attachment,
        v.message_id IS NOT NULL AS reviewed,
        f.message_id IN (SELECT message_id FROM policy_contacts) AS after_policy
    FROM canonical f
    LEFT JOIN message_category_bits k USING (message_id)
    LEFT JOIN message_identifiers i USING (message_id)
    LEFT JOIN thread_starts s USING (message_id)
    LEFT JOIN responses r USING (message_id)
    LEFT JOIN with_attachments w USING (message_id)
    LEFT JOIN reviewed v USING (message_id)
)
SELECT
    message_id,
    agency_id,
    thread_id,
    sent_at,
    local_date,
    month,
    direction,
    response_hours,
    1 AS messages,
    CAST(contact AS INTEGER) AS messages_with_ice,
    CAST(dir = 'agency_to_ice' AS INTEGER) AS agency_to_ice,
    CAST(dir = 'ice_to_agency' AS INTEGER) AS ice_to_agency,
    CAST(dir = 'ice_other' AS INTEGER) AS ice_other,
    CAST(dir = 'internal_about_ice' AS INTEGER) AS internal_about_ice,
    CAST(starts_thread AND dir = 'agency_to_ice' AS INTEGER) AS threads_started_by_agency,
    CAST(starts_thread AND dir = 'ice_to_agency' AS INTEGER) AS threads_started_by_ice,
    CAST(dir = 'ice_to_agency' AND has_category(categories, 'detainer_hold') AS INTEGER)
        AS detainer_requests_received,
    CAST(dir = 'ice_to_agency' AND has_category(categories, 'release_notification')
        AS INTEGER) AS notification_requests_received,
    CAST(dir = 'agency_to_ice' AND has_category(categories, 'release_notification')
        AND NOT has_category(categories, 'refusal') AS INTEGER) AS release_notifications_sent,
    CAST(has_category(categories, 'transfer_custody') AND NOT has_category(categories, 'refusal')
        AS INTEGER) AS transfers,
    CAST(has_category(categories, 'jail_access_interview')
        AND NOT has_category(categories, 'refusal') AS INTEGER) AS interviews,
    CAST(dir = 'agency_to_ice' AND has_category(categories, 'personal_info')
        AND NOT has_category(categories, 'refusal') AS INTEGER) AS personal_info_shares,
    CAST(dir = 'agency_to_ice' AND has_attachment AS INTEGER) AS attachments_sent_to_ice,
    CAST(contact AND a_numbers + fbi_cii_numbers + dates_of_birth > 0 AS INTEGER)
        AS messages_with_identifiers,
    CAST(contact AND a_numbers > 0 AS INTEGER) AS messages_with_a_numbers,
    CAST(contact AND fbi_cii_numbers > 0 AS INTEGER) AS messages_with_fbi_cii_numbers,
    CAST(contact AND dates_of_birth > 0 AS INTEGER) AS messages_with_dob,
    CAST(needs_review AS INTEGER) AS messages_needing_review,
    CAST(reviewed AS INTEGER) AS messages_reviewed,
    CAST(after_policy AS INTEGER) AS contacts_after_policy,
    CAST(coalesce(header_confidence < 0.75, false) AS INTEGER) AS messages_low_header_confidence,
    CAST(has_category(categories, 'detainer_hold') AS INTEGER) AS cat_detainer_hold,
    CAST(has_category(categories, 'release_notification') AS INTEGER) AS cat_release_notification,
    CAST(has_category(categories, 'transfer_custody') AS INTEGER) AS cat_transfer_custody,
    CAST(has_category(categories, 'jail_access_interview') AS INTEGER) AS cat_jail_access_interview,
    CAST(has_category(categories, 'booking_status_alert') AS INTEGER) AS cat_booking_status_alert,
    CAST(has_category(categories, 'criminal_history') AS INTEGER) AS cat_criminal_history,
    CAST(has_category(categories, 'personal_info') AS INTEGER) AS cat_personal_info,
    CAST(has_category(categories, 'supervision_checkin') AS INTEGER) AS cat_supervision_checkin,
    CAST(has_category(categories, 'alpr_location') AS INTEGER) AS cat_alpr_location,
    CAST(has_category(categories, 'database_access') AS INTEGER) AS cat_database_access,
    CAST(has_category(categories, 'joint_operation') AS INTEGER) AS cat_joint_operation,
    CAST(has_category(categories, 'civil_warrant') AS INTEGER) AS cat_civil_warrant,
    CAST(has_category(categories, 'courthouse') AS INTEGER) AS cat_courthouse,
    CAST(has_category(categories, 'identity_biometrics') AS INTEGER) AS cat_identity_biometrics,
    CAST(has_category(categories, 'program_agreement') AS INTEGER) AS cat_program_agreement,
    CAST(has_category(categories, 'refusal') AS INTEGER) AS cat_refusal,
    CAST(has_category(categories, 'non_immigration_criminal') AS INTEGER)
        AS cat_non_immigration_criminal,
    CAST(has_category(categories, 'general_coordination') AS INTEGER) AS cat_general_coordination
FROM flags;
