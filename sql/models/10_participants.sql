-- participants: every from/to/cc/bcc entry with its domain and resolved party.
-- Party by domain: the message's own agency's domains (agencies.email_domains) first, then the
-- longest matching rule in party_domain_rules (so associates.ice.dhs.gov beats dhs.gov), then
-- another agency listed in agencies.csv (local_other); anything else is 'unknown'.
-- Redacted addresses keep their domain: '(b)(6)@ice.dhs.gov' is still ICE.
CREATE OR REPLACE TABLE participants AS
WITH p AS (
    SELECT sp.*, m.agency_id,
           nullif(lower(regexp_extract(sp.address, '@([A-Za-z0-9.-]+)\s*$', 1)), '') AS domain
    FROM stg_participants sp
    JOIN stg_messages m ON m.message_id = sp.message_id AND m.release_id = sp.release_id
),
agency_domains AS (
    SELECT agency_id, trim(unnest(string_split(email_domains, ';'))) AS domain FROM agencies
),
rule_match AS (
    SELECT p.message_id, p.role, p.position, r.rule_id, r.party, r.party_unit,
           row_number() OVER (
               PARTITION BY p.message_id, p.role, p.position ORDER BY length(r.domain) DESC
           ) AS rank
    FROM p
    JOIN party_domain_rules r ON p.domain = r.domain OR p.domain LIKE '%.' || r.domain
)
SELECT
    p.message_id,
    p.role,
    p.position,
    p.name,
    p.address,
    p.domain,
    CASE
        WHEN own.domain IS NOT NULL THEN 'agency'
        WHEN rm.party IS NOT NULL THEN rm.party
        WHEN other.domain IS NOT NULL THEN 'local_other'
        ELSE 'unknown'
    END AS party,
    CASE WHEN own.domain IS NULL THEN rm.party_unit END AS party_unit,
    CASE
        WHEN own.domain IS NOT NULL THEN 'dom.own_agency'
        WHEN rm.party IS NOT NULL THEN rm.rule_id
        WHEN other.domain IS NOT NULL THEN 'dom.other_agency'
    END AS party_rule_id
FROM p
LEFT JOIN agency_domains own ON own.agency_id = p.agency_id AND p.domain = own.domain
LEFT JOIN rule_match rm
    ON rm.message_id = p.message_id AND rm.role = p.role AND rm.position = p.position AND rm.rank = 1
LEFT JOIN (SELECT DISTINCT domain FROM agency_domains) other
    ON own.domain IS NULL AND p.domain = other.domain
ORDER BY p.message_id, p.role, p.position;
