-- review_status: every row of raw/overrides.csv (review_overrides) and whether it applies.
-- An override names a message row and applies to every copy of it (messages.duplicate_of), so a
-- correction survives dedup choosing another copy as canonical. For one message and category the
-- last line of the file wins (earlier lines are 'superseded'). category is one of categories.csv,
-- or 'ice_contact' to add a message to message_contact or take it out.
-- status: applied | unknown_message | unknown_category | unknown_action | superseded.
-- An added category only counts on a message that is ICE contact (add ice_contact too if needed).
CREATE OR REPLACE TABLE review_status AS
WITH resolved AS (
    SELECT o.*,
        coalesce(m.duplicate_of, m.message_id) AS canonical_message_id,
        m.message_id IS NOT NULL AS known_message,
        o.category IN (SELECT category FROM categories) OR o.category = 'ice_contact'
            AS known_category,
        lower(coalesce(o.action, '')) IN ('add', 'remove') AS known_action
    FROM review_overrides o
    LEFT JOIN messages m ON m.message_id = o.message_id
),
ranked AS (
    SELECT *,
        row_number() OVER (
            PARTITION BY canonical_message_id, category ORDER BY line DESC
        ) AS recency
    FROM resolved
    WHERE known_message AND known_category AND known_action
)
SELECT
    r.line,
    r.message_id,
    r.category,
    lower(r.action) AS action,
    r.note,
    r.canonical_message_id,
    CASE
        WHEN NOT r.known_message THEN 'unknown_message'
        WHEN NOT r.known_category THEN 'unknown_category'
        WHEN NOT r.known_action THEN 'unknown_action'
        WHEN k.recency > 1 THEN 'superseded'
        ELSE 'applied'
    END AS status
FROM resolved r
LEFT JOIN ranked k ON k.line = r.line
ORDER BY r.line;
