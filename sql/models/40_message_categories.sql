-- message_categories: what kind of data or cooperation each ICE-contact message carries
-- (multi-label; DOMAIN.md §3). One row per message row, category and rule that matched:
--   source 'rule'   a category_rules match (rule_matches) on a message in message_contact;
--   source 'review' an applied 'add' override (review_status; rule_id 'review.add', evidence = the
--                   analyst's note). An applied 'remove' override drops the category's rule rows.
-- Overrides apply to every copy of the message they name.
-- legal_basis / needs_review: from legal_rules for the agency's state and the category, when the
-- message is on or after the rule's effective_date (agency's local date; undated messages count as
-- after). needs_review is a flag for a person to look at, never a verdict: true when review_when
-- is 'contact' (any direction), or 'agency_to_ice' and the agency sent it, and the message is not
-- a refusal (no 'refusal' category).
CREATE OR REPLACE TABLE message_categories AS
WITH copies AS (
    SELECT message_id, coalesce(duplicate_of, message_id) AS canonical_message_id FROM messages
),
reviews AS (
    SELECT canonical_message_id, category, action, note
    FROM review_status
    WHERE status = 'applied' AND category <> 'ice_contact'
),
from_rules AS (
    SELECT r.message_id, r.category, r.rule_id, r.evidence, 'rule' AS source
    FROM rule_matches r
    JOIN message_contact USING (message_id)
    JOIN copies c USING (message_id)
    LEFT JOIN reviews v
        ON v.canonical_message_id = c.canonical_message_id AND v.category = r.category
        AND v.action = 'remove'
    WHERE r.family = 'category' AND v.category IS NULL
),
from_reviews AS (
    SELECT c.message_id, v.category, 'review.add' AS rule_id, v.note AS evidence,
        'review' AS source
    FROM reviews v
    JOIN copies c USING (canonical_message_id)
    JOIN message_contact USING (message_id)
    WHERE v.action = 'add'
),
labels AS (
    SELECT *, bool_or(category = 'refusal') OVER (PARTITION BY message_id) AS refused
    FROM (SELECT * FROM from_rules UNION ALL SELECT * FROM from_reviews)
)
SELECT
    l.message_id,
    l.category,
    l.rule_id,
    l.evidence,
    l.source,
    lr.legal_basis,
    coalesce(
        NOT l.refused AND (lr.review_when = 'contact'
            OR (lr.review_when = 'agency_to_ice' AND c.direction = 'agency_to_ice')),
        false) AS needs_review
FROM labels l
JOIN message_contact c USING (message_id)
JOIN messages m USING (message_id)
JOIN agencies a ON a.agency_id = m.agency_id
LEFT JOIN legal_rules lr
    ON lr.state = a.state AND lr.category = l.category
    AND (m.sent_at IS NULL OR CAST(timezone(a.timezone, m.sent_at) AS DATE) >= lr.effective_date)
ORDER BY l.message_id, l.category, l.rule_id;
