-- message_identifiers: how many distinct personal identifiers each message row carries in its own
-- text (subject and message_text.own_text), by identifier_rules: A-numbers, FBI numbers, CII
-- numbers, dates of birth. Counts only: the values stay in the message text and are never
-- exported. Values compare from their first digit, letters and digits only ('A# 201-998-331' =
-- 'A201998331'). The rules run as generated SQL with their patterns as literals (see
-- 32_rule_matches.sql); `SELECT getvariable('identifier_query')` shows it.
CREATE OR REPLACE TEMP TABLE identifier_texts AS
SELECT m.message_id, coalesce(m.subject, '') || E'\n' || t.own_text AS text
FROM messages m JOIN message_text t USING (message_id);
SET VARIABLE identifier_query = (
    SELECT coalesce(
        string_agg(
            'SELECT message_id, ' || sql_literal(identifier) || ' AS identifier, '
            || 'regexp_extract_all(text, '
            || sql_literal(CASE WHEN case_sensitive THEN '' ELSE '(?i)' END || pattern)
            || ') AS found FROM identifier_texts',
            ' UNION ALL ' ORDER BY identifier),
        'SELECT NULL AS message_id, NULL AS identifier, [] AS found WHERE false')
    FROM identifier_rules
);
CREATE OR REPLACE TABLE message_identifiers AS
WITH found AS (
    SELECT message_id, identifier,
        len(list_distinct(list_transform(found,
            lambda v: regexp_replace(upper(regexp_extract(v, '\d.*')), '[^A-Z0-9]', '', 'g'))))
            AS n
    FROM query(getvariable('identifier_query'))
)
SELECT
    t.message_id,
    coalesce(max(f.n) FILTER (WHERE f.identifier = 'a_number'), 0) AS a_numbers,
    coalesce(max(f.n) FILTER (WHERE f.identifier = 'fbi_number'), 0) AS fbi_numbers,
    coalesce(max(f.n) FILTER (WHERE f.identifier = 'cii_number'), 0) AS cii_numbers,
    coalesce(max(f.n) FILTER (WHERE f.identifier = 'date_of_birth'), 0) AS dates_of_birth
FROM identifier_texts t
LEFT JOIN found f USING (message_id)
GROUP BY t.message_id
ORDER BY t.message_id;
DROP TABLE identifier_texts;
