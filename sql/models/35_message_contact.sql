-- message_contact: one row per message row that involves federal immigration authorities, with
-- its direction and the rule that decided it. Immigration parties: ice, cbp, uscis, dhs_other
-- (DOMAIN.md §2; HSI is ICE, FBI/DOJ are not). participants decides who is who.
--   agency_to_ice      the sender is agency staff and a recipient is an immigration party
--   ice_to_agency      the sender is an immigration party and a recipient is agency staff
--   ice_other          an immigration party is on the message, but not in either pattern above
--                      (an FBI briefing copying HSI and the agency, probation writing to ICE)
--   internal_about_ice the sender is agency staff, nobody outside the agency is on it (names
--                      without an address do not count as outside), and a mention rule matches
--                      ('mention.*', see mention_rules), or the message quotes one with an
--                      immigration participant ('thread.quotes_ice_message'), or its thread
--                      (messages.thread_id) holds any message decided by the rules above
--                      ('thread.ice_thread': a reply inside an exchange about ICE is about ICE
--                      even when it never names ICE)
-- Review: an applied ice_contact override (review_status) removes a message and its copies, or
-- adds them ('review.ice_contact'; direction from the participants, else internal_about_ice when
-- agency staff sent it, else ice_other).
CREATE OR REPLACE TABLE message_contact AS
WITH roles AS (
    SELECT
        message_id,
        bool_or(role = 'from' AND party = 'agency') AS from_agency,
        bool_or(role = 'from' AND party IN ('ice', 'cbp', 'uscis', 'dhs_other')) AS from_immigration,
        bool_or(role <> 'from' AND party = 'agency') AS to_agency,
        bool_or(role <> 'from' AND party IN ('ice', 'cbp', 'uscis', 'dhs_other')) AS to_immigration,
        bool_or(party NOT IN ('agency', 'unknown') OR (party = 'unknown' AND address IS NOT NULL))
            AS has_outsider,
        count(DISTINCT CASE WHEN party IN ('ice', 'cbp', 'uscis', 'dhs_other') THEN address END)
            AS immigration_addresses
    FROM participants
    GROUP BY message_id
),
mentions AS (
    SELECT message_id, arg_min(rule_id, rule_order) AS rule_id,
        arg_min(evidence, rule_order) AS evidence
    FROM rule_matches r JOIN mention_rules USING (rule_id)
    WHERE r.family = 'mention'
    GROUP BY message_id
),
quoting AS (
    SELECT q.quoted_in_message_id AS message_id, min(q.subject) AS quoted_subject
    FROM messages q JOIN roles r USING (message_id)
    WHERE q.quoted_in_message_id IS NOT NULL AND (r.from_immigration OR r.to_immigration)
    GROUP BY q.quoted_in_message_id
),
reviews AS (
    SELECT m.message_id, v.action, v.note
    FROM review_status v
    JOIN messages m ON coalesce(m.duplicate_of, m.message_id) = v.canonical_message_id
    WHERE v.status = 'applied' AND v.category = 'ice_contact'
),
decided AS (
    SELECT
        m.message_id,
        m.agency_id,
        CASE
            WHEN r.from_agency AND r.to_immigration THEN 'agency_to_ice'
            WHEN r.from_immigration AND r.to_agency THEN 'ice_to_agency'
            WHEN r.from_immigration OR r.to_immigration THEN 'ice_other'
            WHEN r.from_agency AND NOT r.has_outsider
                AND (x.message_id IS NOT NULL OR q.message_id IS NOT NULL)
                THEN 'internal_about_ice'
        END AS direction,
        CASE
            WHEN r.from_immigration OR r.to_immigration THEN 'party.immigration_participant'
            WHEN x.message_id IS NOT NULL THEN x.rule_id
            ELSE 'thread.quotes_ice_message'
        END AS rule_id,
        CASE
            WHEN r.from_immigration OR r.to_immigration THEN 'immigration participant'
            WHEN x.message_id IS NOT NULL THEN x.evidence
            ELSE 'quotes: ' || q.quoted_subject
        END AS evidence,
        coalesce(r.immigration_addresses, 0) AS immigration_addresses,
        coalesce(r.from_agency, false) AS from_agency,
        coalesce(r.from_agency AND NOT r.has_outsider, false) AS internal_candidate
    FROM messages m
    LEFT JOIN roles r USING (message_id)
    LEFT JOIN mentions x USING (message_id)
    LEFT JOIN quoting q USING (message_id)
),
ice_threads AS (
    SELECT m.thread_id, min(m.subject) AS thread_subject
    FROM decided d JOIN messages m USING (message_id)
    WHERE d.direction IS NOT NULL
    GROUP BY m.thread_id
),
threaded AS (
    SELECT d.* REPLACE (
        coalesce(d.direction,
            CASE WHEN d.internal_candidate AND t.thread_id IS NOT NULL
                THEN 'internal_about_ice' END) AS direction,
        CASE WHEN d.direction IS NULL AND d.internal_candidate AND t.thread_id IS NOT NULL
            THEN 'thread.ice_thread' ELSE d.rule_id END AS rule_id,
        CASE WHEN d.direction IS NULL AND d.internal_candidate AND t.thread_id IS NOT NULL
            THEN 'thread: ' || t.thread_subject ELSE d.evidence END AS evidence)
    FROM decided d
    JOIN messages m USING (message_id)
    LEFT JOIN ice_threads t ON t.thread_id = m.thread_id
)
SELECT
    d.message_id,
    d.agency_id,
    coalesce(d.direction,
        CASE WHEN d.from_agency THEN 'internal_about_ice' ELSE 'ice_other' END) AS direction,
    CASE WHEN d.direction IS NULL THEN 'review.ice_contact' ELSE d.rule_id END AS rule_id,
    CASE WHEN d.direction IS NULL THEN coalesce(v.note, 'added by review') ELSE d.evidence END
        AS evidence,
    d.immigration_addresses
FROM threaded d
LEFT JOIN reviews v USING (message_id)
WHERE (d.direction IS NOT NULL OR v.action = 'add') AND v.action IS DISTINCT FROM 'remove'
ORDER BY d.message_id;
