-- messages: staged messages with an absolute sent_at and a first, exact duplicate rule.
-- sent_at: the printed zone when there was one, otherwise the agency's zone (sent_at_tz_assumed).
-- duplicate_of (interim rule 'exact.from_minute_subject'): same agency, sender address, sent minute
-- and subject without RE:/FW: prefixes. The canonical copy is native mail over print, a top-level
-- copy over a quoted one, the fuller body over a shorter one. Fuzzy matching (OCR noise, zone shifts
-- in printouts) replaces this in the dedup issue; until then thread_id groups by normalized subject.
CREATE OR REPLACE TABLE messages AS
WITH base AS (
    SELECT
        m.*,
        coalesce(m.sent_at_utc, timezone(a.timezone, m.sent_at_local)) AS sent_at,
        m.sent_at_utc IS NULL AND m.sent_at_local IS NOT NULL AS sent_at_tz_assumed,
        lower(trim(regexp_replace(coalesce(m.subject, ''),
            '^(\s*(re|fw|fwd|aw)\s*:\s*)+', '', 'i'))) AS subject_key
    FROM stg_messages m
    JOIN agencies a USING (agency_id)
),
keyed AS (
    SELECT *,
        CASE WHEN from_address IS NOT NULL AND sent_at IS NOT NULL THEN
            md5(concat_ws('|', agency_id, from_address,
                strftime(date_trunc('minute', sent_at), '%Y-%m-%dT%H:%M'), subject_key))
        END AS dup_key,
        CASE source_kind WHEN 'pst' THEN 0 WHEN 'msg' THEN 0 WHEN 'eml' THEN 0 WHEN 'mbox' THEN 0
            WHEN 'emlx' THEN 0 WHEN 'pdf_print' THEN 1 ELSE 2 END AS source_rank
    FROM base
),
ranked AS (
    SELECT *,
        first_value(message_id) OVER (
            PARTITION BY dup_key
            ORDER BY is_quoted, source_rank, length(body) DESC, message_id
        ) AS canonical_id
    FROM keyed
)
SELECT
    message_id, release_id, agency_id, document_id, source_kind, page_start, page_end, locator,
    bates_start, bates_end, sent_at, sent_at_text, sent_at_tz_assumed, subject, from_name,
    from_address, body, is_quoted, quoted_in_message_id,
    'thr_' || md5(agency_id || '|' || subject_key) AS thread_id,
    CASE WHEN dup_key IS NOT NULL AND canonical_id <> message_id THEN canonical_id END
        AS duplicate_of,
    CASE WHEN dup_key IS NOT NULL AND canonical_id <> message_id
        THEN 'exact.from_minute_subject' END AS duplicate_reason,
    header_confidence, internet_message_id, in_reply_to
FROM ranked
ORDER BY agency_id, message_id;
