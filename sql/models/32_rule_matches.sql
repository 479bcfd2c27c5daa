-- rule_matches: every text rule that matches a message row, with the rule and an evidence snippet.
-- Rules come from mention_rules (family 'mention': does the text name ICE? used by
-- message_contact for internal_about_ice) and category_rules (family 'category': what kind of data
-- or cooperation the message carries; message_categories keeps the ones on ICE contact).
-- Text: category rules read the subject and the message's own text (message_text.own_text, no
-- quoted history); mention rules read the subject and the whole body (a reply that quotes ICE's
-- request is still about ICE). `field` picks the subject, the body or both ('any'); runs of white
-- space count as one space, so a phrase wrapped across printed lines still matches. A rule
-- matches when `pattern` matches, `requires` (if any) matches the whole text and `excludes` (if
-- any) does not; case_sensitive = false adds RE2's (?i) to all three. evidence: up to 60
-- characters either side of the first match.
-- How the rules run (as in 60_alpr_searches.sql): DuckDB compiles a pattern written as a literal
-- once, but a pattern read from a column once per row, so the SET VARIABLE below writes every rule
-- out as one SELECT with its patterns as literals, and query() runs their UNION ALL over
-- rule_texts (bench/rules/speed.py: about 20x faster than joining the rules table). A pattern
-- only runs on a text that holds one of the rule's keywords (derived from the pattern when the
-- rules load, see pipelines/warehouse/keywords.py; every match contains one), tested with
-- contains() on the text lower-cased ('ſ' read as 's', as RE2's case folding does): most rules
-- are ruled out on most messages without running RE2. A rule without keywords always runs. The
-- test is a CASE, not an AND: DuckDB may reorder an AND's terms and run the pattern first.
-- `SELECT getvariable('rule_match_query')` shows the generated query.
CREATE OR REPLACE TEMP TABLE rule_texts AS
SELECT message_id, subject, own_text, body,
    subject || ' ' || own_text AS text,
    subject || ' ' || body AS full_text,
    subject_lower, own_text_lower, body_lower,
    subject_lower || ' ' || own_text_lower AS text_lower,
    subject_lower || ' ' || body_lower AS full_text_lower
FROM (
    SELECT *,
        replace(lower(subject), 'ſ', 's') AS subject_lower,
        replace(lower(body), 'ſ', 's') AS body_lower,
        replace(lower(own_text), 'ſ', 's') AS own_text_lower
    FROM (
        SELECT m.message_id,
            regexp_replace(coalesce(m.subject, ''), '\s+', ' ', 'g') AS subject,
            regexp_replace(coalesce(m.body, ''), '\s+', ' ', 'g') AS body,
            regexp_replace(t.own_text, '\s+', ' ', 'g') AS own_text
        FROM messages m JOIN message_text t USING (message_id)
    )
);
SET VARIABLE rule_match_query = (
    SELECT coalesce(
        string_agg(
            'SELECT message_id, ' || sql_literal(family) || ' AS family, '
            || sql_literal(category) || ' AS category, ' || sql_literal(rule_id) || ' AS rule_id, '
            || rule_order || ' AS rule_order, trim(regexp_extract(' || field_column || ', '
            || sql_literal(flags || '.{0,60}(?:' || pattern || ').{0,60}') || ')) AS evidence '
            || 'FROM rule_texts WHERE '
            || coalesce('CASE WHEN ' || array_to_string(list_transform(string_split(keywords, '|'),
                lambda k: 'contains(' || field_column || '_lower, ' || sql_literal(k) || ')'),
                ' OR ') || ' THEN ', '')
            || 'regexp_matches(' || field_column || ', ' || sql_literal(flags || pattern) || ')'
            || CASE WHEN keywords IS NOT NULL THEN ' ELSE false END' ELSE '' END
            || coalesce(' AND regexp_matches(' || whole_column || ', '
                || sql_literal(flags || requires) || ')', '')
            || coalesce(' AND NOT regexp_matches(' || whole_column || ', '
                || sql_literal(flags || excludes) || ')', ''),
            ' UNION ALL ' ORDER BY family, rule_order),
        'SELECT NULL AS message_id, NULL AS family, NULL AS category, NULL AS rule_id, '
            || '0 AS rule_order, NULL AS evidence WHERE false')
    FROM (
        SELECT *,
            CASE WHEN case_sensitive THEN '' ELSE '(?i)' END AS flags,
            CASE
                WHEN field = 'subject' THEN 'subject'
                WHEN family = 'mention' AND field = 'body' THEN 'body'
                WHEN family = 'mention' THEN 'full_text'
                WHEN field = 'body' THEN 'own_text'
                ELSE 'text'
            END AS field_column,
            CASE WHEN family = 'mention' THEN 'full_text' ELSE 'text' END AS whole_column
        FROM (
            SELECT 'mention' AS family, rule_id, rule_order, 'ice_mention' AS category, field,
                pattern, case_sensitive, requires, excludes, keywords
            FROM mention_rules
            UNION ALL
            SELECT 'category', rule_id, rule_order, category, field, pattern, case_sensitive,
                requires, excludes, keywords
            FROM category_rules
        )
    )
);
CREATE OR REPLACE TABLE rule_matches AS
SELECT message_id, family, category, rule_id, evidence
FROM query(getvariable('rule_match_query'))
ORDER BY message_id, family, rule_order;
DROP TABLE rule_texts;
