-- message_copies: every message row with the canonical copy of its email.
-- Copies: connected components of matching pairs (message_pairs.is_match), found by propagating the
-- smallest label along the matches until nothing changes. Labels are md5_number(message_id),
-- 128-bit numbers that join and group much faster than 32-character strings; a row with no match
-- is a component of its own and stays out of the propagation. A row without sender or recipient
-- words (a Gmail-style quote, a redacted header) matches anything that agrees with what little it
-- shows, so it could chain two different emails together (the same notice sent separately to two
-- officers at the same second): such a row keeps only its best match, preferring a copy whose
-- recipients include the sender of the message that quotes it (a quote was received by whoever
-- quotes it), then a complete row, then the most similar body.
-- Canonical copy, the most trustworthy one, by these tests in order (the first that differs is
-- the reason given in duplicate_reason):
--   top_level_over_quoted  a message printed in its own right over one recovered from quoted
--                          history, which may be truncated, lack recipients and show the time in
--                          the quoting mailbox's zone (only printouts have quoted rows, so native
--                          mail always wins over them);
--   native_over_print      native mail (eml, mbox, msg, pst, emlx) over a printout;
--   text_over_ocr          a text-layer printout over an OCR'd scan;
--   fuller_body            the longer normalized body over a truncated one;
--   fuller_header          the higher header_confidence;
--   lowest_id              equal in every respect: the smallest message_id.
-- duplicate_reason: '<match>; <choice>', where match is the rule of the pair that links the row to
-- its canonical copy (see message_pairs.match_rule), or 'via_copies' when they are linked only
-- through other copies.
CREATE OR REPLACE TABLE message_copies AS
WITH RECURSIVE matches AS (
    SELECT left_id AS node, right_id AS neighbour, body_similarity
    FROM message_pairs WHERE is_match
    UNION ALL
    SELECT right_id, left_id, body_similarity FROM message_pairs WHERE is_match
),
incomplete AS (
    SELECT message_id FROM message_keys WHERE len(sender_tokens) = 0 OR len(recipient_tokens) = 0
),
choices AS (
    SELECT m.node, m.neighbour,
        row_number() OVER (
            PARTITION BY m.node
            ORDER BY coalesce(list_has_any(n.recipient_tokens, quoting.sender_tokens), false) DESC,
                n.message_id IN (SELECT message_id FROM incomplete),
                coalesce(m.body_similarity, 1.0) DESC,
                m.neighbour
        ) AS preference
    FROM matches m
    JOIN message_keys w ON w.message_id = m.node
    JOIN message_keys n ON n.message_id = m.neighbour
    LEFT JOIN message_keys quoting ON quoting.message_id = w.quoted_in_message_id
    WHERE m.node IN (SELECT message_id FROM incomplete)
),
links AS (
    SELECT node, neighbour FROM matches
    WHERE node NOT IN (SELECT message_id FROM incomplete)
        AND neighbour NOT IN (SELECT message_id FROM incomplete)
    UNION ALL
    SELECT node, neighbour FROM choices WHERE preference = 1
),
edges AS MATERIALIZED (
    SELECT md5_number(node) AS node, md5_number(neighbour) AS neighbour FROM links
    UNION
    SELECT md5_number(neighbour), md5_number(node) FROM links
),
components(node, label) USING KEY (node) AS (
    SELECT node, node FROM edges GROUP BY node
    UNION
    SELECT e.neighbour, min(c.label)
    FROM components c
    JOIN edges e ON e.node = c.node
    JOIN recurring.components r ON r.node = e.neighbour
    GROUP BY e.neighbour
    HAVING min(c.label) < min(r.label)
),
rows AS (
    SELECT k.message_id, coalesce(c.label, md5_number(k.message_id)) AS label, k.is_quoted,
        k.source_kind, k.header_confidence, length(k.body_norm) AS body_length,
        CASE WHEN k.is_native THEN 0 WHEN k.source_kind = 'pdf_print' THEN 1
            WHEN k.source_kind = 'pdf_ocr' THEN 2 ELSE 3 END AS source_rank
    FROM message_keys k
    LEFT JOIN components c ON c.node = md5_number(k.message_id)
),
ranked AS (
    SELECT *,
        first_value(message_id) OVER (
            PARTITION BY label
            ORDER BY is_quoted, source_rank, body_length DESC, header_confidence DESC, message_id
        ) AS canonical_id,
        count(*) OVER (PARTITION BY label) AS copies
    FROM rows
)
SELECT
    r.message_id,
    r.canonical_id,
    r.copies,
    CASE WHEN r.message_id <> r.canonical_id THEN
        coalesce(p.match_rule, 'via_copies') || '; ' || CASE
            WHEN r.is_quoted AND NOT c.is_quoted THEN 'top_level_over_quoted'
            WHEN c.source_rank = 0 AND r.source_rank > 0 THEN 'native_over_print'
            WHEN c.source_rank = 1 AND r.source_rank = 2 THEN 'text_over_ocr'
            WHEN c.body_length > r.body_length THEN 'fuller_body'
            WHEN c.header_confidence > r.header_confidence THEN 'fuller_header'
            ELSE 'lowest_id'
        END
    END AS duplicate_reason
FROM ranked r
JOIN ranked c ON c.message_id = r.canonical_id
LEFT JOIN message_pairs p
    ON p.is_match
    AND p.left_id = least(r.message_id, r.canonical_id)
    AND p.right_id = greatest(r.message_id, r.canonical_id);
