-- policy_contacts: ICE contact after a policy that should have stopped it, listed for a person to
-- review (never a verdict: a judicial warrant or Gov. Code 7282.5 can make it lawful).
-- A canonical message is listed under a policy of its agency (policies, from raw/policies.csv) when
-- it is on or after the policy's effective_date (agency's local date), has a category and a
-- direction that policy_rules name for that policy, and is not a refusal. Policies match
-- policy_rules by name, ignoring case, spaces and punctuation ('SB 54' = 'sb54').
CREATE OR REPLACE TABLE policy_contacts AS
WITH rules AS (
    SELECT lower(regexp_replace(policy, '[^A-Za-z0-9]', '', 'g')) AS policy_key, category,
        unnest(string_split(directions, ';')) AS direction, note
    FROM policy_rules
),
labels AS (
    SELECT message_id, category, bool_or(category = 'refusal') OVER (PARTITION BY message_id)
        AS refused
    FROM (SELECT DISTINCT message_id, category FROM message_categories)
)
SELECT
    p.agency_id,
    p.policy,
    p.effective_date,
    m.message_id,
    m.sent_at,
    c.direction,
    l.category,
    r.note AS reason
FROM policies p
JOIN rules r ON r.policy_key = lower(regexp_replace(p.policy, '[^A-Za-z0-9]', '', 'g'))
JOIN agencies a ON a.agency_id = p.agency_id
JOIN messages m ON m.agency_id = p.agency_id AND m.duplicate_of IS NULL
JOIN message_contact c ON c.message_id = m.message_id AND c.direction = r.direction
JOIN labels l ON l.message_id = m.message_id AND l.category = r.category AND NOT l.refused
WHERE CAST(timezone(a.timezone, m.sent_at) AS DATE) >= p.effective_date
ORDER BY p.agency_id, p.effective_date, p.policy, m.sent_at, m.message_id, l.category;
