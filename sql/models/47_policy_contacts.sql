-- policy_contacts: ICE contact after a policy that should have stopped it, listed for a person to
-- review (never a verdict: a judicial warrant or Gov. Code 7282.5 can make it lawful).
-- A canonical message is listed under a policy of its agency (policies, from raw/policies.csv) when
-- it is on or after the policy's effective_date (agency's local date), has a category and a
-- direction that policy_rules name for that policy, and is not a refusal. Policies match
-- policy_rules by name, ignoring case, spaces and punctuation ('SB 54' = 'sb54').
-- Order of work: the contact messages after each policy first, then the rules for their direction,
-- then their categories; only categories some rule names are deduplicated, and refusals leave by
-- an anti join (a window over every category row took most of the time at 1,000,000 messages).
CREATE OR REPLACE TABLE policy_contacts AS
WITH rules AS (
    SELECT lower(regexp_replace(policy, '[^A-Za-z0-9]', '', 'g')) AS policy_key, category,
        unnest(string_split(directions, ';')) AS direction, note
    FROM policy_rules
),
refused AS (
    SELECT DISTINCT message_id FROM message_categories WHERE category = 'refusal'
),
labels AS (
    SELECT DISTINCT message_id, category
    FROM message_categories
    ANTI JOIN refused USING (message_id)
    WHERE category IN (SELECT category FROM rules)
),
after AS MATERIALIZED (
    SELECT p.agency_id, p.policy, p.effective_date,
        lower(regexp_replace(p.policy, '[^A-Za-z0-9]', '', 'g')) AS policy_key,
        m.message_id, m.sent_at, c.direction
    FROM policies p
    JOIN agencies a ON a.agency_id = p.agency_id
    JOIN messages m ON m.agency_id = p.agency_id AND m.duplicate_of IS NULL
    JOIN message_contact c ON c.message_id = m.message_id
    WHERE CAST(timezone(a.timezone, m.sent_at) AS DATE) >= p.effective_date
)
SELECT
    f.agency_id,
    f.policy,
    f.effective_date,
    f.message_id,
    f.sent_at,
    f.direction,
    l.category,
    r.note AS reason
FROM after f
JOIN rules r ON r.policy_key = f.policy_key AND r.direction = f.direction
JOIN labels l ON l.message_id = f.message_id AND l.category = r.category
ORDER BY f.agency_id, f.effective_date, f.policy, f.sent_at, f.message_id, l.category;
