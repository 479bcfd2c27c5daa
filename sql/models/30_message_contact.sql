-- message_contact: one row per message that involves federal immigration authorities, with its
-- direction and the rule that decided it.
--   agency_to_ice      sender is agency staff and a recipient is ICE/CBP/USCIS/other DHS
--   ice_to_agency      sender is ICE/CBP/USCIS/other DHS and a recipient is agency staff
--   ice_other          an immigration party is on the message but not in either pattern above
--   internal_about_ice only agency staff on the message, and subject or body names ICE (case-
--                      sensitive 'ICE' so that "ice" in "icy roads"/"ice cream" never matches)
-- Immigration parties: ice, cbp, uscis, dhs_other (DOMAIN.md §2). HSI is ICE; FBI/DOJ are not.
CREATE OR REPLACE TABLE message_contact AS
WITH roles AS (
    SELECT
        message_id,
        bool_or(role = 'from' AND party = 'agency') AS from_agency,
        bool_or(role = 'from' AND party IN ('ice', 'cbp', 'uscis', 'dhs_other')) AS from_immigration,
        bool_or(role <> 'from' AND party = 'agency') AS to_agency,
        bool_or(role <> 'from' AND party IN ('ice', 'cbp', 'uscis', 'dhs_other')) AS to_immigration,
        bool_and(party = 'agency') AS all_agency,
        count(DISTINCT CASE WHEN party IN ('ice', 'cbp', 'uscis', 'dhs_other') THEN address END)
            AS immigration_addresses
    FROM participants
    GROUP BY message_id
),
mentions AS (
    SELECT message_id,
        regexp_extract(coalesce(subject, '') || E'\n' || coalesce(body, ''),
            '(\bICE\b|\bI-247[ADN]?\b|[Ii]mmigration and [Cc]ustoms|\bERO\b)', 1) AS evidence
    FROM messages
)
SELECT
    m.message_id,
    m.agency_id,
    CASE
        WHEN r.from_agency AND r.to_immigration THEN 'agency_to_ice'
        WHEN r.from_immigration AND r.to_agency THEN 'ice_to_agency'
        WHEN r.from_immigration OR r.to_immigration THEN 'ice_other'
        ELSE 'internal_about_ice'
    END AS direction,
    CASE
        WHEN r.from_immigration OR r.to_immigration THEN 'party.immigration_participant'
        ELSE 'mention.ice_term'
    END AS rule_id,
    CASE
        WHEN r.from_immigration OR r.to_immigration THEN 'immigration participant'
        ELSE x.evidence
    END AS evidence,
    r.immigration_addresses
FROM messages m
JOIN roles r USING (message_id)
JOIN mentions x USING (message_id)
WHERE r.from_immigration OR r.to_immigration OR (r.all_agency AND x.evidence <> '')
ORDER BY m.message_id;
