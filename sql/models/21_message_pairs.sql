-- message_pairs: pairs of message rows of one agency that could be copies of one email, with the
-- evidence compared and the decision (is_match). Only rows that share a blocking key are
-- compared, never all pairs:
--   blocking keys: the first 12 letters of the subject key, the body's letters 1-12 and 13-24
--     (spaces ignored, so split or merged words do not matter) and each sender word of 4+ letters;
--     OCR garbles one key, rarely all. A key pairs rows with the same minute of the hour on the
--     same UTC day or the next (the time test below asks for that minute), so that a copy whole
--     hours off (printed in another zone) or cut to the minute still meets its original;
--   OCR rows also meet rows of the same or a neighbouring day with the same first body letters
--     (OCR misreads digits of the time too); and rows with the same Message-ID always meet.
-- Decision:
--   both rows have a Message-ID: the same email exactly when the IDs are equal ('message_id');
--   otherwise all of:
--     time      the same minute of the hour (prints show minutes, native mail seconds), at most
--               12 hours apart, and whole hours apart only when one side's zone was assumed;
--     sender    the name/address words agree (words_agree below) or the addresses are within 2
--               edits; a redacted or missing sender has no words and is accepted;
--     recipients the recipients' words agree, when both sides list recipients;
--     subject   equal keys, within 15% edits (OCR), or missing on one side (Gmail quotes);
--     body      the first min(length, 60) characters of the normalized bodies are within 20%
--               edits (3 edits at least, for one-line bodies). Wrapping, quote marks and
--               signatures are gone already, a truncated quote matches the start of its full text
--               and OCR noise costs a few edits;
--     zone      a one-line body ("Thanks") says too little to back a shift of whole hours by
--               itself: the shift must be seen between the two documents on a longer message, or
--               follow from the documents' offsets to a copy whose zone is known (a document is
--               printed from one mailbox, so its messages share one shift).
--   An OCR row whose time disagrees (a misread digit, at most 13 hours off) still matches when its
--   subject and sender are legible on both sides and the first 100 to 120 characters are 90%
--   alike.
--   match_rule: body_exact (same fingerprint), body_prefix (one body is the start of the other)
--   or body_fuzzy (edits needed), with '+zone_shift' (whole hours apart) or '+ocr_time'.
-- words_agree: either side has no words, or a word of one is a word of the other, give or take OCR:
-- equal, one containing the other (4+ letters: 'rkowalski' holds 'kowalski'), or one edit apart.
CREATE OR REPLACE TEMP MACRO words_agree(a, b) AS CASE
    WHEN len(a) = 0 OR len(b) = 0 OR list_has_any(a, b) THEN true
    ELSE len(list_filter(a, lambda x: len(list_filter(b, lambda y:
        (length(y) >= 4 AND contains(x, y))
        OR (length(x) >= 4 AND contains(y, x))
        OR (least(length(x), length(y)) >= 4 AND levenshtein(x, y) <= 1))) > 0)) > 0
END;

CREATE OR REPLACE TABLE message_pairs AS
WITH timed AS (
    SELECT message_id, agency_id, epoch_ms(sent_at) // 1000 AS t,
        source_kind = 'pdf_ocr' AS is_ocr,
        replace(body_norm, ' ', '') AS letters,
        list_filter([
            CASE WHEN subject_key <> '' THEN 's:' || left(replace(subject_key, ' ', ''), 12) END,
            CASE WHEN letters <> '' THEN 'c1:' || left(letters, 12) END,
            CASE WHEN length(letters) > 12 THEN 'c2:' || substr(letters, 13, 12) END
        ], lambda k: k IS NOT NULL)
        || list_transform(list_filter(sender_tokens, lambda w: length(w) >= 4), lambda w: 'f:' || w)
            AS block_keys
    FROM message_keys
    WHERE sent_at IS NOT NULL
),
blocked AS (
    SELECT message_id, hash(agency_id, unnest(block_keys)) AS block,
        t // 86400 AS day, t // 60 % 60 AS minute
    FROM timed
),
ocr_blocked AS (
    SELECT message_id, is_ocr, hash(agency_id, left(letters, 12)) AS block, t // 86400 AS day
    FROM timed
    WHERE letters <> ''
),
later AS (
    SELECT b.message_id, b.block, dd, b.day + dd AS day, b.minute
    FROM blocked b, (SELECT unnest([0, 1]) AS dd)
),
candidates AS (
    SELECT DISTINCT least(a.message_id, b.message_id) AS left_id,
        greatest(a.message_id, b.message_id) AS right_id
    FROM later a
    JOIN blocked b USING (block, day, minute)
    WHERE a.dd = 1 OR a.message_id < b.message_id
    UNION
    SELECT least(a.message_id, b.message_id), greatest(a.message_id, b.message_id)
    FROM ocr_blocked a, (SELECT unnest([-1, 0, 1]) AS dd)
    JOIN ocr_blocked b ON b.block = a.block AND b.day = a.day + dd
    WHERE a.is_ocr AND a.message_id <> b.message_id
    UNION
    SELECT a.message_id, b.message_id
    FROM message_keys a
    JOIN message_keys b USING (agency_id, internet_message_key)
    WHERE a.message_id < b.message_id
),
compared AS (
    SELECT
        c.left_id,
        c.right_id,
        a.agency_id,
        a.document_id AS left_document,
        b.document_id AS right_document,
        a.sent_at_tz_assumed AS left_assumed,
        b.sent_at_tz_assumed AS right_assumed,
        'pdf_ocr' IN (a.source_kind, b.source_kind) AS either_ocr,
        a.subject_key <> '' AND b.subject_key <> ''
            AND len(a.sender_tokens) > 0 AND len(b.sender_tokens) > 0 AS headers_complete,
        a.internet_message_key IS NOT NULL AND b.internet_message_key IS NOT NULL AS both_have_id,
        a.internet_message_key = b.internet_message_key AS same_id,
        epoch_ms(b.sent_at) // 60000 - epoch_ms(a.sent_at) // 60000 AS minutes_apart,
        CASE
            WHEN words_agree(a.sender_tokens, b.sender_tokens) THEN true
            WHEN a.from_address = '' OR b.from_address = '' THEN false
            ELSE levenshtein(a.from_address, b.from_address) <= 2
        END AS sender_ok,
        words_agree(a.recipient_tokens, b.recipient_tokens) AS recipients_ok,
        CASE
            WHEN a.subject_key = '' OR b.subject_key = '' OR a.subject_key = b.subject_key THEN true
            ELSE levenshtein(a.subject_key, b.subject_key)
                <= greatest(2, 0.15 * greatest(length(a.subject_key), length(b.subject_key)))
        END AS subject_ok,
        a.body_fingerprint = b.body_fingerprint AS same_fingerprint,
        a.body_norm AS left_body,
        b.body_norm AS right_body
    FROM candidates c
    JOIN message_keys a ON a.message_id = c.left_id
    JOIN message_keys b ON b.message_id = c.right_id AND b.agency_id = a.agency_id
),
tested AS (
    SELECT *,
        minutes_apart % 60 = 0 AND abs(minutes_apart) <= 720
            AND (minutes_apart = 0 OR left_assumed OR right_assumed) AS time_ok,
        CAST(minutes_apart // 60 AS INTEGER) AS zone_shift_hours,
        either_ocr AND headers_complete AND abs(minutes_apart) < 780
            AND NOT (minutes_apart % 60 = 0 AND abs(minutes_apart) <= 720) AS ocr_time
    FROM compared
),
windowed AS (
    SELECT *,
        least(length(left_body), length(right_body), CASE WHEN ocr_time THEN 120 ELSE 60 END)
            AS compared_chars,
        greatest(length(left_body), length(right_body)) AS longer_chars
    FROM tested
),
scored AS MATERIALIZED (
    SELECT *,
        CASE
            WHEN both_have_id
                OR NOT ((time_ok OR ocr_time) AND sender_ok AND recipients_ok AND subject_ok)
                THEN NULL
            WHEN compared_chars = 0 THEN CASE WHEN longer_chars = 0 THEN 1.0 ELSE 0.0 END
            WHEN left(left_body, compared_chars) = left(right_body, compared_chars) THEN 1.0
            ELSE 1.0 - levenshtein(left(left_body, compared_chars), left(right_body, compared_chars))
                / compared_chars
        END AS body_similarity,
        CASE WHEN ocr_time THEN CASE WHEN compared_chars >= 100 THEN 0.9 ELSE 2.0 END
            ELSE least(0.8, 1.0 - 3 / compared_chars) END AS body_threshold
    FROM windowed
),
informative AS (
    SELECT * FROM scored
    WHERE time_ok AND body_similarity >= body_threshold AND compared_chars >= 40
),
document_shifts AS (
    SELECT left_document AS document_a, right_document AS document_b, zone_shift_hours AS shift
    FROM informative
    UNION
    SELECT right_document, left_document, -zone_shift_hours FROM informative
),
known_offsets AS (
    SELECT DISTINCT document_id, 0 AS offset_hours
    FROM message_keys WHERE sent_at IS NOT NULL AND NOT sent_at_tz_assumed
),
document_offsets AS (
    SELECT * FROM known_offsets
    UNION
    SELECT d.document_b, k.offset_hours + d.shift
    FROM document_shifts d JOIN known_offsets k ON k.document_id = d.document_a
),
decided AS (
    SELECT s.*,
        s.ocr_time OR s.zone_shift_hours = 0 OR s.compared_chars >= 40
        OR EXISTS (
            SELECT 1 FROM document_shifts d
            WHERE d.document_a = s.left_document AND d.document_b = s.right_document
                AND d.shift = s.zone_shift_hours)
        OR EXISTS (
            SELECT 1 FROM document_offsets l
            JOIN document_offsets r ON r.offset_hours - l.offset_hours = s.zone_shift_hours
            WHERE l.document_id = s.left_document AND r.document_id = s.right_document)
            AS shift_ok
    FROM scored s
    WHERE s.both_have_id OR s.time_ok OR s.ocr_time
)
SELECT
    left_id,
    right_id,
    agency_id,
    CAST(minutes_apart AS INTEGER) AS minutes_apart,
    zone_shift_hours,
    sender_ok,
    recipients_ok,
    subject_ok,
    round(body_similarity, 3) AS body_similarity,
    CASE WHEN both_have_id THEN same_id
        ELSE coalesce(body_similarity >= body_threshold AND shift_ok, false) END AS is_match,
    CASE
        WHEN both_have_id THEN CASE WHEN same_id THEN 'message_id' END
        WHEN body_similarity >= body_threshold AND shift_ok THEN
            CASE
                WHEN same_fingerprint THEN 'body_exact'
                WHEN body_similarity = 1.0 THEN 'body_prefix'
                ELSE 'body_fuzzy'
            END || CASE
                WHEN ocr_time THEN '+ocr_time'
                WHEN zone_shift_hours <> 0 THEN '+zone_shift'
                ELSE ''
            END
    END AS match_rule
FROM decided;
