-- message_text: the part of each message row that is the message's own writing.
-- own_text: the body without quoted history. Printed messages arrive that way (their quoted messages
--   are rows of their own); native mail keeps the history below the reply, so the body is cut at
--   the first line that starts it: `-----Original Message-----`, a `____` rule, `On ... wrote:`,
--   `---------- Forwarded message ----------`, `Begin forwarded message:`, a `From:` line followed
--   by `Sent:`/`Date:`, or a `>` line. A quoted row only loses its `>` marks. Without the cut, a
--   reply would carry the categories and identifiers of the message it quotes.
-- signature: the last 1,000 characters of own_text, where party rules look for a sender's
--   signature block ("Deportation Officer", "Homeland Security Investigations" ...).
CREATE OR REPLACE TABLE message_text AS
WITH own AS (
    SELECT
        message_id,
        CASE WHEN is_quoted
            THEN regexp_replace(coalesce(body, ''), '(?m)^[ \t]*(>[ \t]?)+', '', 'g')
            ELSE regexp_replace(coalesce(body, ''),
                '(?is)(^|\n)[ \t]*(-{3,} *original message *-{3,}|_{8,}|>|on [^\n]{4,200}wrote:'
                    || '|-{3,} *forwarded message *-{3,}|begin forwarded message:'
                    || '|from:[^\n]*\n[ \t]*(sent|date):).*$',
                '')
        END AS own_text
    FROM stg_messages
)
SELECT message_id, own_text, right(own_text, 1000) AS signature
FROM own
ORDER BY message_id;
