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
