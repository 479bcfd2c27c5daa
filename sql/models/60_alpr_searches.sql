-- alpr_searches: one row per distinct license-plate-reader search, from every audit log loaded
-- (stg_alpr_searches), with the reason's verdict and whether a federal organisation searched.
--
-- Time: search_at is the logged instant; a time printed without a zone is placed in the agency's
-- zone (search_at_tz_assumed), as for messages.
-- Searching organisation: the log's Org Name; in an organization audit (the agency's own users,
-- no Org Name column) it is the agency itself.
-- Reason verdict: the first rule of alpr_reason_rules (pipelines/rules/alpr_reasons.csv, by
-- rule_order) whose pattern matches; no match is not_immigration ('default.not_immigration'), an
-- empty or punctuation-only reason is unknown ('reason.empty'). Federal organisation: the first
-- rule of alpr_federal_org_rules that matches the organisation's name.
-- How the rules run: the two SET VARIABLE statements write each rule table out as one CASE
-- expression with the patterns as literals, and query() runs it over the distinct reasons (or
-- organisation names). DuckDB compiles a literal pattern once, but a pattern read from a column
-- once per row, which made a 500,000-row log take minutes. A rule's `keywords` (lower case,
-- '|'-separated, one of them in every match) are tested first, so most patterns never run.
-- `SELECT getvariable('alpr_reason_query')` shows the generated query.
-- Dedup: the same search in overlapping monthly exports, or in two agencies' network audits, is one
-- row. Key: Flock's search ID (vendor-wide); a portal's id within its agency; otherwise
-- organisation + instant (to the second) + networks (or devices) searched. The copy kept is from the
-- searching agency's own organization audit if there is one, then by agency, release, file and row;
-- `copies` and `agencies_in_logs` say where else it was logged.
SET VARIABLE alpr_reason_query = (
    SELECT 'SELECT reason, CASE '
        || string_agg(
            'WHEN (' || keyword_test || ') AND regexp_matches(reason, ' || regex_literal || ') '
            || 'THEN {''rule_id'': ' || rule_literal || ', '
            || '''evidence'': regexp_extract(reason, ' || regex_literal || ')}',
            ' ' ORDER BY rule_order)
        || ' END AS matched FROM (SELECT DISTINCT reason, lower(reason) AS reason_lower'
        || ' FROM stg_alpr_searches WHERE NOT regexp_matches(coalesce(reason, ''''), ''^\W*$''))'
    FROM (
        SELECT rule_order,
            '''' || replace(rule_id, '''', '''''') || '''' AS rule_literal,
            '''' || replace(CASE WHEN case_sensitive THEN pattern ELSE '(?i)' || pattern END,
                '''', '''''') || '''' AS regex_literal,
            array_to_string(list_transform(string_split(lower(keywords), '|'),
                lambda k: 'contains(reason_lower, ''' || replace(k, '''', '''''') || ''')'),
                ' OR ') AS keyword_test
        FROM alpr_reason_rules
    )
);
SET VARIABLE alpr_org_query = (
    SELECT 'SELECT org, CASE '
        || string_agg(
            'WHEN (' || keyword_test || ') AND regexp_matches(org, ' || regex_literal || ') '
            || 'THEN ' || rule_literal,
            ' ' ORDER BY rule_order)
        || ' END AS rule_id FROM (SELECT org, lower(org) AS org_lower FROM'
        || ' (SELECT org_name AS org FROM stg_alpr_searches UNION SELECT name FROM agencies)'
        || ' WHERE org IS NOT NULL)'
    FROM (
        SELECT rule_order,
            '''' || replace(rule_id, '''', '''''') || '''' AS rule_literal,
            '''' || replace(CASE WHEN case_sensitive THEN pattern ELSE '(?i)' || pattern END,
                '''', '''''') || '''' AS regex_literal,
            array_to_string(list_transform(string_split(lower(keywords), '|'),
                lambda k: 'contains(org_lower, ''' || replace(k, '''', '''''') || ''')'),
                ' OR ') AS keyword_test
        FROM alpr_federal_org_rules
    )
);
CREATE OR REPLACE TABLE alpr_searches AS
WITH logged AS (
    SELECT
        s.*,
        d.path,
        coalesce(s.search_at_utc, timezone(a.timezone, s.search_at_local)) AS search_at,
        s.search_at_utc IS NULL AND s.search_at_local IS NOT NULL AS search_at_tz_assumed,
        regexp_matches(coalesce(s.reason, ''), '^\W*$') AS reason_blank,
        coalesce(s.org_name, CASE WHEN s.log_kind = 'organization' THEN a.name END)
            AS searching_org
    FROM stg_alpr_searches s
    JOIN agencies a USING (agency_id)
    JOIN documents d
        ON d.document_id = s.document_id AND d.release_id = s.release_id AND d.status = 'parsed'
),
reason_verdicts AS (
    SELECT m.reason, r.rule_id, r.verdict, m.matched.evidence AS evidence
    FROM query(getvariable('alpr_reason_query')) m
    JOIN alpr_reason_rules r ON r.rule_id = m.matched.rule_id
),
org_verdicts AS (
    SELECT m.org, r.rule_id, r.federal, r.federal_agency
    FROM query(getvariable('alpr_org_query')) m
    JOIN alpr_federal_org_rules r USING (rule_id)
),
keyed AS (
    SELECT *,
        CASE
            WHEN search_id IS NOT NULL AND layout LIKE 'flock%' THEN 'flock:' || search_id
            WHEN search_id IS NOT NULL THEN concat_ws(':', layout, agency_id, search_id)
            WHEN search_at IS NOT NULL AND searching_org IS NOT NULL THEN 'org_time_networks:'
                || md5(concat_ws('|', lower(searching_org), CAST(epoch(search_at) AS BIGINT),
                    coalesce(networks_searched, devices_searched)))
            ELSE concat_ws(':', 'row', document_id, coalesce(sheet, ''),
                coalesce(page_number, 0), row_number)
        END AS search_key
    FROM logged
),
copies AS (
    SELECT search_key, count(*) AS copies,
        string_agg(DISTINCT agency_id, ';' ORDER BY agency_id) AS agencies_in_logs
    FROM keyed
    GROUP BY search_key
),
canonical AS (
    SELECT *
    FROM keyed
    QUALIFY row_number() OVER (
        PARTITION BY search_key
        ORDER BY CASE log_kind WHEN 'organization' THEN 0 WHEN 'network' THEN 1 ELSE 2 END,
            agency_id, release_id, path, sheet NULLS FIRST, page_number NULLS FIRST, row_number
    ) = 1
)
SELECT
    c.search_key,
    c.agency_id,
    c.release_id,
    c.document_id,
    c.path,
    c.sheet,
    c.page_number,
    c.row_number,
    c.layout,
    c.log_kind,
    c.search_at,
    c.search_at_text,
    c.search_at_tz_assumed,
    c.search_id,
    c.org_name,
    c.searching_org,
    coalesce(o.federal, false) AS federal_org,
    CASE WHEN o.federal THEN o.federal_agency END AS federal_agency,
    o.rule_id AS federal_rule_id,
    c.user_name,
    c.networks_searched,
    c.devices_searched,
    c.time_frame,
    c.plate_status,
    c.reason,
    c.case_number,
    c.filters,
    c.search_type,
    CASE WHEN c.reason_blank THEN 'unknown'
        ELSE coalesce(v.verdict, 'not_immigration') END AS reason_verdict,
    coalesce(v.verdict = 'immigration', false) AS immigration_reason,
    coalesce(v.verdict = 'needs_review', false) AS needs_review,
    CASE WHEN c.reason_blank THEN 'reason.empty'
        ELSE coalesce(v.rule_id, 'default.not_immigration') END AS reason_rule_id,
    v.evidence AS reason_evidence,
    n.copies,
    n.agencies_in_logs
FROM canonical c
JOIN copies n USING (search_key)
LEFT JOIN reason_verdicts v ON v.reason = c.reason
LEFT JOIN org_verdicts o ON o.org = c.searching_org
ORDER BY c.agency_id, c.search_at, c.search_key;
