-- message_category_bits: one row per message that has a category (message_categories): its
-- categories as the bits of one number (see category_bits; test one with has_category(categories,
-- 'name')) and whether any of them needs review.
-- Why: the metrics layer asks "does this message carry category X" of every message. Grouping
-- the message_categories rows into a list per message cost three times these bits at 1,000,000
-- messages, and deduplicating (message, category) pairs for policy_contacts cost more than the
-- rest of that model.
CREATE OR REPLACE TABLE message_category_bits AS
SELECT
    c.message_id,
    bit_or(coalesce(b.bit, error('message_category_bits: no category named ' || c.category)))
        AS categories,
    bool_or(c.needs_review) AS needs_review
FROM message_categories c
LEFT JOIN category_bits b USING (category)
GROUP BY c.message_id;
