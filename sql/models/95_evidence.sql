-- evidence: one row per message row and category in message_categories (canonical messages and
-- their copies, so a native e-mail's printed copy with its pages is cited too), citing the file,
-- pages and Bates range, the rule and the snippet that matched. Exported as
-- exports/evidence_internal.csv: internal, since snippets quote the records; digit runs that could
-- be identifiers (A-numbers, dates of birth, phone numbers, booking numbers) are masked as '#'.
CREATE OR REPLACE TABLE evidence AS
SELECT
    m.agency_id,
    m.release_id,
    m.message_id,
    coalesce(m.duplicate_of, m.message_id) AS canonical_message_id,
    c.direction,
    m.sent_at,
    d.path,
    m.source_kind,
    m.page_start,
    m.page_end,
    m.bates_start,
    m.bates_end,
    m.locator,
    k.category,
    k.rule_id,
    k.source,
    regexp_replace(k.evidence, '\d[\d/ -]{3,}\d', '#', 'g') AS snippet,
    k.legal_basis,
    k.needs_review
FROM message_categories k
JOIN messages m USING (message_id)
JOIN message_contact c USING (message_id)
JOIN documents d ON d.document_id = m.document_id AND d.release_id = m.release_id
ORDER BY m.agency_id, m.sent_at, canonical_message_id, m.message_id, k.category, k.rule_id;
