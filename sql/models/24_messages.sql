-- messages: every staged message row with its absolute time, its canonical copy and its thread.
-- Built from message_keys (20), message_copies (22) and message_threads (23); see those files for
-- the rules. Count messages with `WHERE duplicate_of IS NULL`: every other row is a copy.
-- A copy takes the thread and inclusiveness of its canonical message.
CREATE OR REPLACE TABLE messages AS
SELECT
    m.message_id,
    m.release_id,
    m.agency_id,
    m.document_id,
    m.source_kind,
    m.page_start,
    m.page_end,
    m.locator,
    m.bates_start,
    m.bates_end,
    k.sent_at,
    m.sent_at_text,
    k.sent_at_tz_assumed,
    m.subject,
    m.from_name,
    m.from_address,
    m.body,
    m.is_quoted,
    m.quoted_in_message_id,
    t.thread_id,
    CASE WHEN c.canonical_id <> m.message_id THEN c.canonical_id END AS duplicate_of,
    c.duplicate_reason,
    m.header_confidence,
    m.internet_message_id,
    m.in_reply_to,
    k.body_fingerprint,
    c.copies,
    t.is_inclusive
FROM stg_messages m
JOIN message_keys k USING (message_id)
JOIN message_copies c USING (message_id)
JOIN message_threads t ON t.message_id = c.canonical_id
ORDER BY m.agency_id, m.message_id;
