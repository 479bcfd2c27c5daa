-- message_threads: one row per canonical message (message_copies.canonical_id) with its thread.
-- Links between canonical messages, strongest first (a link found on any copy counts):
--   in_reply_to  the In-Reply-To header names the Message-ID of a copy of the other message;
--   quoted       the other message is in this one's quoted history (a quoted message belongs to
--                the thread of the message that quotes it): a printout's quoted rows, or the
--                history text of a native copy, which must contain the first 200 normalized
--                characters of an earlier message (12 hours of zone slack, 30 days at most) with
--                the same subject key that its sender received or sent (the same notice sent
--                separately to two people is quoted only by each one's own reply); a message
--                known only from a quote is left out there, as it may be cut to a line that every
--                instance of a template shares;
--   subject      only for a message with neither link above: a reply-like subject (RE:/FW: ...)
--                joins the latest earlier message of the agency with the same subject key that
--                went to its sender and came from one of its recipients, at most 14 days before.
--                A new first message never joins an older thread by subject, so a daily "Release
--                notification" and the replies to it form one thread per day and recipient.
-- Threads are the connected components of these links (the smallest md5_number(message_id)
-- propagated, as in message_copies).
-- is_inclusive: the message's quoted history (as for 'quoted' links) holds every other message of
-- its thread; a message alone in its thread is inclusive.
CREATE OR REPLACE TABLE message_threads AS
WITH RECURSIVE copies AS (
    SELECT k.*, c.canonical_id FROM message_keys k JOIN message_copies c USING (message_id)
),
canonical AS (SELECT * FROM copies WHERE message_id = canonical_id),
reply_links AS (
    SELECT DISTINCT child.canonical_id AS child, parent.canonical_id AS parent,
        'in_reply_to' AS link, 1 AS strength
    FROM copies child
    JOIN copies parent
        ON parent.agency_id = child.agency_id
        AND parent.internet_message_key = child.in_reply_to_key
    WHERE child.canonical_id <> parent.canonical_id
),
quote_links AS (
    SELECT quoting.canonical_id AS child, quoted.canonical_id AS parent,
        'quoted' AS link, 2 AS strength
    FROM copies quoted
    JOIN copies quoting ON quoting.message_id = quoted.quoted_in_message_id
    WHERE quoted.canonical_id <> quoting.canonical_id
    UNION
    SELECT native.canonical_id, other.message_id, 'quoted', 2
    FROM copies native
    JOIN canonical other
        ON other.agency_id = native.agency_id
        AND other.subject_key = native.subject_key
        AND other.sent_at < native.sent_at + INTERVAL 12 HOUR
        AND other.sent_at > native.sent_at - INTERVAL 30 DAY
    WHERE native.history_norm <> ''
        AND NOT other.is_quoted
        AND other.body_norm <> ''
        AND other.message_id <> native.canonical_id
        AND list_has_any(native.sender_tokens, other.recipient_tokens || other.sender_tokens)
        AND contains(native.history_norm, left(other.body_norm, 200))
),
replies_by_sender AS (
    SELECT message_id, agency_id, subject_key, sent_at, recipient_tokens,
        unnest(sender_tokens) AS word
    FROM canonical
    WHERE subject_is_reply AND subject_key <> ''
        AND message_id NOT IN (SELECT child FROM reply_links UNION SELECT child FROM quote_links)
),
earlier_by_recipient AS (
    SELECT message_id, agency_id, subject_key, sent_at, sender_tokens,
        unnest(recipient_tokens) AS word
    FROM canonical
    WHERE subject_key <> ''
),
subject_links AS (
    SELECT r.message_id AS child, arg_max(e.message_id, e.sent_at) AS parent,
        'subject' AS link, 3 AS strength
    FROM replies_by_sender r
    ASOF JOIN earlier_by_recipient e
        ON e.agency_id = r.agency_id
        AND e.subject_key = r.subject_key
        AND e.word = r.word
        AND r.sent_at > e.sent_at
    WHERE r.sent_at - e.sent_at <= INTERVAL 14 DAY
        AND list_has_any(r.recipient_tokens, e.sender_tokens)
    GROUP BY r.message_id
),
links AS (
    SELECT * FROM reply_links
    UNION ALL SELECT * FROM quote_links
    UNION ALL SELECT * FROM subject_links
),
edges AS MATERIALIZED (
    SELECT md5_number(child) AS node, md5_number(parent) AS neighbour FROM links
    UNION
    SELECT md5_number(parent), md5_number(child) FROM links
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
threads AS (
    SELECT m.message_id, coalesce(c.label, md5_number(m.message_id)) AS label
    FROM canonical m
    LEFT JOIN components c ON c.node = md5_number(m.message_id)
),
thread_sizes AS (SELECT label, count(*) AS thread_messages FROM threads GROUP BY label),
coverage AS (
    SELECT child AS message_id, count(DISTINCT parent) AS quoted_messages
    FROM quote_links GROUP BY child
),
strongest AS (
    SELECT node, arg_min(link, strength) AS thread_link
    FROM (
        SELECT child AS node, link, strength FROM links
        UNION ALL
        SELECT parent, link, strength FROM links
    )
    GROUP BY node
)
SELECT
    t.message_id,
    'thr_' || lower(hex(t.label)) AS thread_id,
    s.thread_link,
    n.thread_messages,
    coalesce(v.quoted_messages, 0) >= n.thread_messages - 1 AS is_inclusive
FROM threads t
JOIN thread_sizes n USING (label)
LEFT JOIN coverage v ON v.message_id = t.message_id
LEFT JOIN strongest s ON s.node = t.message_id;
