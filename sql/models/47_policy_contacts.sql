-- policy_contacts: ICE contact after a policy that should have stopped it, listed for a person to
-- review (never a verdict: a judicial warrant or Gov. Code 7282.5 can make it lawful).
-- A canonical message is listed under a policy of its agency (policies, from raw/policies.csv) when
-- it is on or after the policy's effective_date (agency's local date), has a category and a
-- direction that policy_rules name for that policy, and is not a refusal. Policies match
-- policy_rules by name, ignoring case, spaces and punctuation ('SB 54' = 'sb54').
-- Order of work: the contact messages after each policy with their categories as bits
-- (message_category_bits), then the rules for their direction, so no category row is deduplicated or
-- sorted (DISTINCT over every category row, and a final ORDER BY, took most of the time at
-- 1,000,000 messages). Rows come in no particular order: order them in your query.
CREATE OR REPLACE TABLE policy_contacts AS
WITH rules AS (
    SELECT lower(regexp_replace(p.policy, '[^A-Za-z0-9]', '', 'g')) AS policy_key, p.category,
        b.bit, unnest(string_split(p.directions, ';')) AS direction, p.note
    FROM policy_rules p
    JOIN category_bits b USING (category)
),
after AS (  -- each contact message after a policy, with its categories, refusals left out
    SELECT p.agency_id, p.policy, p.effective_date,
        lower(regexp_replace(p.policy, '[^A-Za-z0-9]', '', 'g')) AS policy_key,
        m.message_id, m.sent_at, c.direction, k.categories
    FROM policies p
    JOIN agencies a ON a.agency_id = p.agency_id
    JOIN messages m ON m.agency_id = p.agency_id AND m.duplicate_of IS NULL
    JOIN message_contact c ON c.message_id = m.message_id
    JOIN message_category_bits k ON k.message_id = m.message_id
    WHERE CAST(timezone(a.timezone, m.sent_at) AS DATE) >= p.effective_date
        AND NOT has_category(k.categories, 'refusal')
)
SELECT
    f.agency_id,
    f.policy,
    f.effective_date,
    f.message_id,
    f.sent_at,
    f.direction,
    r.category,
    r.note AS reason
FROM after f
JOIN rules r
    ON r.policy_key = f.policy_key AND r.direction = f.direction AND f.categories & r.bit != 0;
