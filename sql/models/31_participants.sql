-- participants: every from/to/cc/bcc entry with its domain, party and unit, and the rule that
-- decided the party. The first of these that applies wins:
--   1. the address's domain: the message's own agency (agencies.email_domains) -> agency; else the
--      longest matching party_domain_rules domain (associates.ice.dhs.gov beats dhs.gov); else
--      another agency in agencies.csv -> local_other. Redacted addresses keep their domain:
--      '(b)(6)@ice.dhs.gov' is ICE. An address with an unknown domain stays 'unknown'.
--   2. no domain at all (a bare name, '(b)(6)', '[REDACTED]'): the same name seen with an address in
--      the same agency's messages, when that name has one party only ('name.known_address').
--      Names compare as sorted words of 2+ letters without titles: 'Becker, Tom' = 'Sgt. Tom Becker'.
--   3. party_text_rules on the display name, and for the sender on the signature block
--      (message_text.signature), the first rule in file order.
--   4. the agency's own name in the sender's signature, or its agency_id as a word of a display
--      name ('MBCSO Custody Division All Staff') -> agency.
--   Otherwise 'unknown'.
-- party_unit of an immigration participant: the domain rule's unit (contractor), else the first
-- party_text_rules unit for the same party found in its address, name or (sender) signature.
-- Text rules run as generated SQL with their patterns as literals, on texts holding one of their
-- keywords (see 32_rule_matches.sql), and only where they can still decide something: a party for
-- a participant without a domain, or a unit for an immigration participant. `SELECT getvariable('party_text_query')` shows the query.
CREATE OR REPLACE TEMP TABLE participant_first_pass AS
WITH p AS (
    SELECT
        sp.message_id, sp.role, sp.position, sp.name, sp.address, m.agency_id,
        nullif(lower(regexp_extract(sp.address, '@([A-Za-z0-9.-]+)\s*$', 1)), '') AS domain,
        list_filter(
            string_split_regex(trim(lower(regexp_replace(coalesce(sp.name, ''), '[^A-Za-z]+', ' ', 'g'))), ' '),
            lambda w: length(w) >= 2 AND NOT list_contains(
                ['sgt', 'lt', 'lieutenant', 'sergeant', 'det', 'detective', 'ofc', 'officer', 'deputy',
                 'dep', 'sa', 'ssa', 'sddo', 'do', 'dr', 'mr', 'ms', 'mrs', 'chief', 'capt', 'captain',
                 'agent', 'special', 'redacted', 'withheld'], w)
        ) AS name_words,
        CASE WHEN sp.role = 'from' THEN t.signature END AS signature
    FROM stg_participants sp
    JOIN stg_messages m ON m.message_id = sp.message_id AND m.release_id = sp.release_id
    JOIN message_text t ON t.message_id = sp.message_id
),
keyed AS (
    SELECT * EXCLUDE (name_words),
        CASE WHEN len(name_words) >= 2 THEN array_to_string(list_sort(name_words), ' ') END AS name_key
    FROM p
),
agency_domains AS (
    SELECT agency_id, trim(unnest(string_split(email_domains, ';'))) AS domain FROM agencies
),
domain_rule AS (  -- per distinct domain: the suffix test cannot use a hash join
    SELECT d.domain, r.rule_id, r.party, r.party_unit,
        row_number() OVER (PARTITION BY d.domain ORDER BY length(r.domain) DESC) AS rank
    FROM (SELECT DISTINCT domain FROM keyed) d
    JOIN party_domain_rules r ON d.domain = r.domain OR d.domain LIKE '%.' || r.domain
),
by_domain AS (
    SELECT k.*,
        CASE
            WHEN own.domain IS NOT NULL THEN 'agency'
            WHEN dr.party IS NOT NULL THEN dr.party
            WHEN other.domain IS NOT NULL THEN 'local_other'
        END AS domain_party,
        CASE
            WHEN own.domain IS NOT NULL THEN 'dom.own_agency'
            WHEN dr.party IS NOT NULL THEN dr.rule_id
            WHEN other.domain IS NOT NULL THEN 'dom.other_agency'
        END AS domain_rule_id,
        CASE WHEN own.domain IS NULL THEN dr.party_unit END AS domain_unit
    FROM keyed k
    LEFT JOIN agency_domains own ON own.agency_id = k.agency_id AND k.domain = own.domain
    LEFT JOIN domain_rule dr ON dr.domain = k.domain AND dr.rank = 1
    LEFT JOIN (SELECT DISTINCT domain FROM agency_domains) other
        ON own.domain IS NULL AND k.domain = other.domain
),
known_names AS (
    SELECT agency_id, name_key, min(domain_party) AS party
    FROM by_domain
    WHERE name_key IS NOT NULL AND domain_party IS NOT NULL
    GROUP BY agency_id, name_key
    HAVING count(DISTINCT domain_party) = 1
),
first_pass AS (
    SELECT b.*,
        coalesce(b.domain_party, CASE WHEN b.domain IS NULL THEN kn.party END) AS party_1,
        coalesce(b.domain_rule_id,
            CASE WHEN b.domain IS NULL AND kn.party IS NOT NULL THEN 'name.known_address' END)
            AS rule_1
    FROM by_domain b
    LEFT JOIN known_names kn ON kn.agency_id = b.agency_id AND kn.name_key = b.name_key
)
SELECT * FROM first_pass;
CREATE OR REPLACE TEMP TABLE participant_texts AS
SELECT message_id, role, position, f.field, f.text, replace(lower(f.text), 'ſ', 's') AS text_lower
FROM participant_first_pass,
    LATERAL (VALUES ('name', name), ('address', address), ('signature', signature)) f(field, text)
WHERE f.text IS NOT NULL
  AND ((party_1 IS NULL AND domain IS NULL)
       OR (party_1 IN ('ice', 'cbp', 'uscis', 'dhs_other') AND domain_unit IS NULL));
SET VARIABLE party_text_query = (
    SELECT coalesce(
        string_agg(
            'SELECT message_id, role, position, ' || sql_literal(rule_id) || ' AS rule_id, '
            || rule_order || ' AS rule_order, ' || sql_literal(party) || ' AS party, '
            || coalesce(sql_literal(party_unit), 'NULL') || ' AS party_unit '
            || 'FROM participant_texts WHERE field = ' || sql_literal(field) || ' AND '
            || coalesce('CASE WHEN ' || array_to_string(list_transform(string_split(keywords, '|'),
                lambda k: 'contains(text_lower, ' || sql_literal(k) || ')'), ' OR ') || ' THEN ', '')
            || 'regexp_matches(text, '
            || sql_literal(CASE WHEN case_sensitive THEN '' ELSE '(?i)' END || pattern) || ')'
            || CASE WHEN keywords IS NOT NULL THEN ' ELSE false END' ELSE '' END,
            ' UNION ALL ' ORDER BY rule_order),
        'SELECT NULL AS message_id, NULL AS role, 0 AS position, NULL AS rule_id, '
            || '0 AS rule_order, NULL AS party, NULL AS party_unit WHERE false')
    FROM party_text_rules
);
CREATE OR REPLACE TABLE participants AS
WITH text_hits AS (
    SELECT * FROM query(getvariable('party_text_query'))
),
text_party AS (
    SELECT message_id, role, position,
        arg_min(party, rule_order) AS party, arg_min(rule_id, rule_order) AS rule_id
    FROM text_hits
    GROUP BY message_id, role, position
),
resolved AS (
    SELECT f.*,
        CASE
            WHEN f.party_1 IS NOT NULL THEN f.party_1
            WHEN f.domain IS NOT NULL THEN 'unknown'
            WHEN tp.party IS NOT NULL THEN tp.party
            WHEN contains(lower(f.signature), lower(a.name))
                OR regexp_matches(lower(coalesce(f.name, '')), '\b' || lower(a.agency_id) || '\b')
                THEN 'agency'
            ELSE 'unknown'
        END AS party,
        CASE
            WHEN f.party_1 IS NOT NULL THEN f.rule_1
            WHEN f.domain IS NOT NULL THEN NULL
            WHEN tp.party IS NOT NULL THEN tp.rule_id
            WHEN contains(lower(f.signature), lower(a.name)) THEN 'sig.own_agency'
            WHEN regexp_matches(lower(coalesce(f.name, '')), '\b' || lower(a.agency_id) || '\b')
                THEN 'name.own_agency'
        END AS party_rule_id
    FROM participant_first_pass f
    JOIN agencies a ON a.agency_id = f.agency_id
    LEFT JOIN text_party tp
        ON tp.message_id = f.message_id AND tp.role = f.role AND tp.position = f.position
),
text_unit AS (
    SELECT r.message_id, r.role, r.position, arg_min(h.party_unit, h.rule_order) AS party_unit
    FROM resolved r
    JOIN text_hits h
        ON h.message_id = r.message_id AND h.role = r.role AND h.position = r.position
        AND h.party = r.party AND h.party_unit IS NOT NULL
    GROUP BY r.message_id, r.role, r.position
)
SELECT
    r.message_id,
    r.role,
    r.position,
    r.name,
    r.address,
    r.domain,
    r.party,
    CASE WHEN r.party NOT IN ('agency', 'unknown') THEN coalesce(r.domain_unit, u.party_unit) END
        AS party_unit,
    r.party_rule_id
FROM resolved r
LEFT JOIN text_unit u ON u.message_id = r.message_id AND u.role = r.role AND u.position = r.position
ORDER BY r.message_id, r.role, r.position;
DROP TABLE participant_texts;
DROP TABLE participant_first_pass;
