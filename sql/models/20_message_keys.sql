-- message_keys: one row per message row (stg_messages) with the normalized values that dedup
-- (21_message_pairs.sql) and threading (23_message_threads.sql) compare. Nothing is decided here.
--
-- sent_at: the printed zone when there was one, otherwise the agency's zone (sent_at_tz_assumed);
--   a print from a mailbox in another zone is then off by whole hours, which matching tolerates.
-- subject_key: lower-case letters and digits of the subject, without leading RE:/FW:/Fwd:/AW:/WG:/
--   SV: prefixes or [EXTERNAL]-style tags.
-- body_norm: the message's own text, made comparable across formats:
--   1. a quoted copy loses its `>` marks; any other copy is cut at the first line that starts its
--      quoted history (`-----Original Message-----`, a `____` rule, `On ... wrote:`, a
--      `From:`+`Sent:`/`Date:` block, or a `>` line), since native mail keeps history in the body
--      while printouts split it into rows of their own;
--   2. the signature goes: cut at a `--` line, a closing line (Thanks, / Regards, ...) that is not
--      the first line, or a confidentiality disclaimer; when nothing remains, the whole body counts;
--   3. comparable_text: lower-case letters and digits only, single spaces, so that line wraps,
--      punctuation and quote marks no longer matter.
-- body_fingerprint: md5 of body_norm; equal fingerprints mean equal text after normalization.
-- history_norm: the quoted history a native reply or forward (RE:/FW: subject) carries below its
--   own text, normalized the same way (printouts have none here: their quoted messages are rows
--   of their own).
-- sender_tokens / recipient_tokens: name words and address local-part words (2+ letters), so that
--   "Halvorsen, Erik", "Erik Halvorsen" and erik.halvorsen@... share tokens; redactions give none.
-- comparable_text: every run of other characters becomes one space. Written so that the single
-- spaces between words (most of a text) are not matches: that halves the cost on long bodies.
CREATE OR REPLACE TEMP MACRO comparable_text(t) AS
    trim(regexp_replace(lower(t), '[^\pL\pN]*[^\pL\pN ][^\pL\pN]*| {2,}', ' ', 'g'));

CREATE OR REPLACE TABLE message_keys AS
WITH base AS (
    SELECT
        m.message_id,
        m.agency_id,
        m.document_id,
        m.source_kind,
        m.source_kind IN ('eml', 'mbox', 'msg', 'pst', 'emlx') AS is_native,
        m.is_quoted,
        m.quoted_in_message_id,
        coalesce(m.sent_at_utc, timezone(a.timezone, m.sent_at_local)) AS sent_at,
        m.sent_at_utc IS NULL AND m.sent_at_local IS NOT NULL AS sent_at_tz_assumed,
        nullif(lower(trim(m.internet_message_id, ' <>')), '') AS internet_message_key,
        nullif(lower(trim(m.in_reply_to, ' <>')), '') AS in_reply_to_key,
        regexp_matches(coalesce(m.subject, ''), '^\s*(\[[^\]]*\]\s*)*(re|fw|fwd|aw|wg|sv)\s*:', 'i')
            AS subject_is_reply,
        comparable_text(regexp_replace(coalesce(m.subject, ''),
            '^\s*((\[[^\]]*\]|(re|fw|fwd|aw|wg|sv)\s*:)\s*)*', '', 'i')) AS subject_key,
        lower(coalesce(m.from_address, '')) AS from_address,
        coalesce(m.from_name, '') || ' '
            || regexp_extract(coalesce(m.from_address, ''), '^([^@]+)@', 1) AS sender_words,
        CASE WHEN m.is_quoted
            THEN regexp_replace(coalesce(m.body, ''), '(?m)^[ \t]*(>[ \t]?)+', '', 'g')
            ELSE coalesce(m.body, '') END AS body_text,
        m.header_confidence
    FROM stg_messages m
    JOIN agencies a USING (agency_id)
),
cut AS (
    SELECT *,
        comparable_text(regexp_replace(body_text,
            '(?is)(^|\n)[ \t]*(-{3,} *original message *-{3,}|_{8,}|>|on [^\n]+wrote:'
                || '|from:[^\n]*\n[ \t]*(sent|date):).*$'
                || '|\n[ \t]*(--|thanks|thank you|regards|best regards|best|respectfully|sincerely'
                || '|v/r|cheers)[ \t]*[,.!]?[ \t]*(\n.*)?$'
                || '|\n[^\n]*(confidentiality notice|this (e-?mail|message|communication)[^\n]{0,80}'
                || '(intended|confidential|privileged)).*$',
            '')) AS own_words,
        CASE WHEN is_native AND subject_is_reply THEN comparable_text(regexp_extract(body_text,
            '(?is)(^|\n)[ \t]*(-{3,} *original message *-{3,}|_{8,}|>|on [^\n]+wrote:'
                || '|from:[^\n]*\n[ \t]*(sent|date):).*$'))
            ELSE '' END AS history_norm
    FROM base
),
recipients AS (
    SELECT message_id,
        string_agg(coalesce(name, '') || ' '
            || regexp_extract(coalesce(address, ''), '^([^@]+)@', 1), ' ') AS recipient_words
    FROM stg_participants
    WHERE role <> 'from'
    GROUP BY message_id
)
SELECT
    c.message_id,
    c.agency_id,
    c.document_id,
    c.source_kind,
    c.is_native,
    c.is_quoted,
    c.quoted_in_message_id,
    c.sent_at,
    c.sent_at_tz_assumed,
    c.internet_message_key,
    c.in_reply_to_key,
    c.subject_is_reply,
    c.subject_key,
    c.from_address,
    list_sort(list_distinct(regexp_extract_all(lower(c.sender_words), '\pL{2,}')))
        AS sender_tokens,
    list_sort(list_distinct(regexp_extract_all(lower(coalesce(r.recipient_words, '')), '\pL{2,}')))
        AS recipient_tokens,
    CASE WHEN c.own_words <> '' THEN c.own_words ELSE comparable_text(c.body_text) END AS body_norm,
    md5(body_norm) AS body_fingerprint,
    c.history_norm,
    c.header_confidence
FROM cut c
LEFT JOIN recipients r USING (message_id);
