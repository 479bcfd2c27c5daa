-- message_threads: one row per canonical message (message_copies.canonical_id) with its thread.
-- Links between canonical messages, strongest first (a link found on any copy counts):
--   in_reply_to  the In-Reply-To header names the Message-ID of a copy of the other message;
--   quoted       the other message is in this one's quoted history (a quoted message belongs to
--                the thread of the message that quotes it);
--   subject      only for a message with neither link above: a reply-like subject (RE:/FW: ...)
--                joins the latest earlier message of the agency with the same subject key and a
--                shared sender/recipient word, at most 14 days before. A new first message never
--                joins an older thread by subject, so a daily "Release notification" and the
--                replies to it form one thread per day.
-- Threads are the connected components of these links (smallest message_id propagated).
-- is_inclusive: the message's quoted history (quoted rows of any of its copies, or the history
-- text of a native copy, which must contain the first 80 normalized characters of the other
-- message) holds every other message of its thread; a message alone in its thread is inclusive.
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
    SELECT DISTINCT quoting.canonical_id AS child, quoted.canonical_id AS parent,
        'quoted' AS link, 2 AS strength
    FROM copies quoted
    JOIN copies quoting ON quoting.message_id = quoted.quoted_in_message_id
    WHERE quoted.canonical_id <> quoting.canonical_id
),
subject_links AS (
    SELECT m.message_id AS child, earlier.message_id AS parent, 'subject' AS link, 3 AS strength
    FROM canonical m
    ASOF JOIN canonical earlier
        ON earlier.agency_id = m.agency_id
        AND earlier.subject_key = m.subject_key
        AND m.sent_at > earlier.sent_at
    WHERE m.subject_is_reply
        AND m.subject_key <> ''
        AND m.sent_at - earlier.sent_at <= INTERVAL 14 DAY
        AND list_has_any(m.sender_tokens || m.recipient_tokens,
            earlier.sender_tokens || earlier.recipient_tokens)
        AND m.message_id NOT IN (SELECT child FROM reply_links UNION SELECT child FROM quote_links)
),
links AS (
    SELECT * FROM reply_links
    UNION ALL SELECT * FROM quote_links
    UNION ALL SELECT * FROM subject_links
),
edges AS (
    SELECT child AS node, parent AS neighbour FROM links
    UNION ALL
    SELECT parent, child FROM links
),
components(node, label) USING KEY (node) AS (
    SELECT message_id, message_id FROM canonical
    UNION
    SELECT e.neighbour, min(c.label)
    FROM components c
    JOIN edges e ON e.node = c.node
    JOIN recurring.components r ON r.node = e.neighbour
    GROUP BY e.neighbour
    HAVING min(c.label) < min(r.label)
),
thread_sizes AS (SELECT label, count(*) AS thread_messages FROM components GROUP BY label),
quoted_history AS (
    SELECT child AS message_id, parent AS quoted_id FROM quote_links
    UNION
    SELECT native.canonical_id, other.message_id
    FROM copies native
    JOIN components own ON own.node = native.canonical_id
    JOIN components peer ON peer.label = own.label AND peer.node <> own.node
    JOIN canonical other ON other.message_id = peer.node
    WHERE native.history_norm <> ''
        AND other.body_norm <> ''
        AND contains(native.history_norm, left(other.body_norm, 80))
),
coverage AS (
    SELECT message_id, count(DISTINCT quoted_id) AS quoted_messages
    FROM quoted_history GROUP BY message_id
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
    c.node AS message_id,
    'thr_' || md5(c.label) AS thread_id,
    s.thread_link,
    t.thread_messages,
    coalesce(v.quoted_messages, 0) >= t.thread_messages - 1 AS is_inclusive
FROM components c
JOIN thread_sizes t USING (label)
LEFT JOIN coverage v ON v.message_id = c.node
LEFT JOIN strongest s ON s.node = c.node
ORDER BY c.node;
