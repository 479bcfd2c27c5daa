-- Core tables: written only by the load step (pipelines/warehouse/load.py), one release at a time,
-- inside one transaction. Models in sql/models/ derive everything else from these.
CREATE TABLE IF NOT EXISTS agencies (
    agency_id VARCHAR PRIMARY KEY,
    name VARCHAR,
    agency_type VARCHAR,
    county VARCHAR,
    state VARCHAR,
    timezone VARCHAR,
    email_domains VARCHAR
);
CREATE TABLE IF NOT EXISTS policies (
    agency_id VARCHAR,
    effective_date DATE,
    policy VARCHAR,
    description VARCHAR,
    source_url VARCHAR
);
CREATE TABLE IF NOT EXISTS party_domain_rules (
    rule_id VARCHAR,
    domain VARCHAR,
    party VARCHAR,
    party_unit VARCHAR,
    note VARCHAR
);
CREATE TABLE IF NOT EXISTS releases (
    release_id VARCHAR PRIMARY KEY,   -- <agency_id>/<release folder>
    agency_id VARCHAR,
    release_name VARCHAR,
    request_number VARCHAR,
    law VARCHAR,
    date_received VARCHAR,
    requester VARCHAR,
    notes VARCHAR,
    files INTEGER,
    staging_fingerprint VARCHAR
);
CREATE TABLE IF NOT EXISTS documents (
    document_id VARCHAR,              -- sha256 of the bytes
    release_id VARCHAR,
    agency_id VARCHAR,
    path VARCHAR,                     -- relative to the release folder
    parent_document_id VARCHAR,
    media_type VARCHAR,
    bytes BIGINT,
    page_count INTEGER,
    status VARCHAR,                   -- parsed | quarantined | duplicate | unsupported
    error VARCHAR,
    parser_version VARCHAR
);
-- Containers (mail, archives): items (messages and files inside) declared, extracted, reported
-- missing, and how many of the extracted items are files (child documents). Added with ALTER so warehouses made before these columns existed gain them too.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS items_expected BIGINT;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS items_extracted BIGINT;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS items_missing BIGINT;
ALTER TABLE documents ADD COLUMN IF NOT EXISTS files_inside BIGINT;
CREATE TABLE IF NOT EXISTS pages (
    release_id VARCHAR,
    document_id VARCHAR,
    page_number INTEGER,
    text VARCHAR,
    text_source VARCHAR,              -- text_layer | ocr | none
    ocr_confidence DOUBLE,
    bates VARCHAR,
    redaction_boxes INTEGER,
    exemption_codes VARCHAR,
    in_message BOOLEAN
);
CREATE TABLE IF NOT EXISTS stg_messages (
    release_id VARCHAR,
    agency_id VARCHAR,
    message_id VARCHAR,
    document_id VARCHAR,
    source_kind VARCHAR,
    locator VARCHAR,
    page_start INTEGER,
    page_end INTEGER,
    sent_at_text VARCHAR,
    sent_at_utc TIMESTAMPTZ,
    sent_at_local TIMESTAMP,
    subject VARCHAR,
    from_name VARCHAR,
    from_address VARCHAR,
    body VARCHAR,
    is_quoted BOOLEAN,
    quoted_in_message_id VARCHAR,
    header_confidence DOUBLE,
    internet_message_id VARCHAR,
    in_reply_to VARCHAR,
    bates_start VARCHAR,
    bates_end VARCHAR
);
CREATE TABLE IF NOT EXISTS stg_participants (
    release_id VARCHAR,
    message_id VARCHAR,
    role VARCHAR,
    position INTEGER,
    name VARCHAR,
    address VARCHAR
);
CREATE TABLE IF NOT EXISTS attachments (
    release_id VARCHAR,
    message_id VARCHAR,
    file_name VARCHAR,
    media_type VARCHAR,
    bytes BIGINT,
    document_id VARCHAR
);
CREATE TABLE IF NOT EXISTS ingest_errors (
    release_id VARCHAR,
    document_id VARCHAR,
    path VARCHAR,
    stage VARCHAR,
    error_class VARCHAR,
    message VARCHAR
);
-- ALPR search audit logs (pipelines/extract/alpr.py): one row per log row as released; the plate
-- searched is never stored, only plate_status. sql/models/60_alpr_searches.sql normalizes them.
CREATE TABLE IF NOT EXISTS stg_alpr_searches (
    release_id VARCHAR,
    agency_id VARCHAR,
    document_id VARCHAR,
    layout VARCHAR,
    log_kind VARCHAR,                 -- organization | network | portal
    sheet VARCHAR,
    page_number INTEGER,
    row_number INTEGER,
    search_id VARCHAR,
    search_at_text VARCHAR,
    search_at_utc TIMESTAMPTZ,
    search_at_local TIMESTAMP,
    org_name VARCHAR,
    user_name VARCHAR,
    networks_searched INTEGER,
    devices_searched INTEGER,
    time_frame VARCHAR,
    plate_status VARCHAR,             -- present | masked | redacted | empty | no_column
    reason VARCHAR,
    case_number VARCHAR,
    filters VARCHAR,
    search_type VARCHAR
);
-- Ordered rules as data: pipelines/rules/alpr_reasons.csv and alpr_federal_orgs.csv.
CREATE TABLE IF NOT EXISTS alpr_reason_rules (
    rule_order INTEGER,
    rule_id VARCHAR,
    verdict VARCHAR,                  -- immigration | not_immigration | needs_review | unknown
    case_sensitive BOOLEAN,
    keywords VARCHAR,
    pattern VARCHAR,
    note VARCHAR
);
CREATE TABLE IF NOT EXISTS alpr_federal_org_rules (
    rule_order INTEGER,
    rule_id VARCHAR,
    federal BOOLEAN,
    federal_agency VARCHAR,           -- ICE | HSI | CBP | other
    case_sensitive BOOLEAN,
    keywords VARCHAR,
    pattern VARCHAR,
    note VARCHAR
);
-- Rule tables and the analyst's overrides: replaced on every load by pipelines/warehouse/rules.py
-- from pipelines/rules/*.csv and raw/overrides.csv. rule_order is the CSV line (first match wins).
CREATE TABLE IF NOT EXISTS categories (
    category VARCHAR,
    description VARCHAR
);
CREATE TABLE IF NOT EXISTS party_text_rules (
    rule_id VARCHAR,
    rule_order INTEGER,
    field VARCHAR,                    -- name | address | signature
    pattern VARCHAR,                  -- RE2
    case_sensitive BOOLEAN,
    party VARCHAR,
    party_unit VARCHAR,
    note VARCHAR
);
CREATE TABLE IF NOT EXISTS mention_rules (
    rule_id VARCHAR,
    rule_order INTEGER,
    field VARCHAR,                    -- subject | body | any
    pattern VARCHAR,
    case_sensitive BOOLEAN,
    requires VARCHAR,
    excludes VARCHAR,
    note VARCHAR
);
CREATE TABLE IF NOT EXISTS category_rules (
    rule_id VARCHAR,
    rule_order INTEGER,
    category VARCHAR,
    field VARCHAR,
    pattern VARCHAR,
    case_sensitive BOOLEAN,
    requires VARCHAR,
    excludes VARCHAR,
    note VARCHAR
);
-- keywords: derived from pattern when the rules load (pipelines/warehouse/keywords.py), '|'-separated
-- lower-case strings one of which every match contains; the models test them before the pattern.
-- Added with ALTER so warehouses made before the column existed gain it too.
ALTER TABLE party_text_rules ADD COLUMN IF NOT EXISTS keywords VARCHAR;
ALTER TABLE mention_rules ADD COLUMN IF NOT EXISTS keywords VARCHAR;
ALTER TABLE category_rules ADD COLUMN IF NOT EXISTS keywords VARCHAR;
CREATE TABLE IF NOT EXISTS identifier_rules (
    identifier VARCHAR,               -- a_number | fbi_number | cii_number | date_of_birth
    pattern VARCHAR,
    case_sensitive BOOLEAN,
    note VARCHAR
);
CREATE TABLE IF NOT EXISTS legal_rules (
    state VARCHAR,
    category VARCHAR,
    legal_basis VARCHAR,
    effective_date DATE,
    review_when VARCHAR,              -- agency_to_ice | contact | never
    note VARCHAR
);
CREATE TABLE IF NOT EXISTS policy_rules (
    policy VARCHAR,
    category VARCHAR,
    directions VARCHAR,               -- ';'-separated message_contact directions
    note VARCHAR
);
CREATE TABLE IF NOT EXISTS review_overrides (
    line INTEGER,                     -- line in raw/overrides.csv
    message_id VARCHAR,
    category VARCHAR,                 -- a category, or ice_contact
    action VARCHAR,                   -- add | remove
    note VARCHAR
);
-- sql_literal(text): the text as a quoted SQL string literal. Models that apply rule tables write
-- each rule's pattern into generated SQL as a literal (compiled once) rather than reading it from a
-- column (compiled once per row); see sql/models/32_rule_matches.sql.
CREATE OR REPLACE MACRO sql_literal(x) AS '''' || replace(x, '''', '''''') || '''';
