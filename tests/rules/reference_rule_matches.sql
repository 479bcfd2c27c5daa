-- The obvious way to apply the text rules: join every message to every rule and match the pattern
-- read from the rules table. Same results as sql/models/32_rule_matches.sql, but DuckDB compiles
-- the pattern again for every row, so it is far slower. Kept as the reference the shipped model is
-- tested against (tests/rules/test_categories.py) and as bench/rules/speed.py's baseline.
CREATE OR REPLACE TABLE rule_matches AS
WITH texts AS (
    SELECT m.message_id,
        regexp_replace(coalesce(m.subject, ''), '\s+', ' ', 'g') AS subject,
        regexp_replace(coalesce(m.body, ''), '\s+', ' ', 'g') AS body,
        regexp_replace(t.own_text, '\s+', ' ', 'g') AS own_text
    FROM messages m JOIN message_text t USING (message_id)
),
rules AS (
    SELECT 'mention' AS family, rule_id, 'ice_mention' AS category, field, pattern,
        case_sensitive, requires, excludes
    FROM mention_rules
    UNION ALL
    SELECT 'category', rule_id, category, field, pattern, case_sensitive, requires, excludes
    FROM category_rules
),
pairs AS (
    SELECT t.message_id, r.*,
        CASE WHEN r.case_sensitive THEN '' ELSE '(?i)' END AS flags,
        CASE WHEN r.family = 'mention' THEN t.subject || ' ' || t.body
            ELSE t.subject || ' ' || t.own_text END AS whole,
        CASE
            WHEN r.field = 'subject' THEN t.subject
            WHEN r.family = 'mention' AND r.field = 'body' THEN t.body
            WHEN r.family = 'mention' THEN t.subject || ' ' || t.body
            WHEN r.field = 'body' THEN t.own_text
            ELSE t.subject || ' ' || t.own_text
        END AS field_text
    FROM texts t, rules r
)
SELECT message_id, family, category, rule_id
FROM pairs
WHERE regexp_matches(field_text, flags || pattern)
  AND (requires IS NULL OR regexp_matches(whole, flags || requires))
  AND (excludes IS NULL OR NOT regexp_matches(whole, flags || excludes));
