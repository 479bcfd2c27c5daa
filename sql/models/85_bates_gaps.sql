-- bates_gaps: breaks in each release's Bates sequence. Missing pages are news: a gap means pages
-- were withheld without a placeholder, or lost. A Bates number is split into a prefix and a number
-- ('MBCSO-000123' -> 'MBCSO-', 123); sequences are per release and prefix, across its documents.
--   kind = 'gap'    numbers first_missing..last_missing are on no page
--   kind = 'repeat' the number is stamped on more than one page
CREATE OR REPLACE TABLE bates_gaps AS
WITH stamped AS (
    SELECT p.release_id, p.document_id, p.page_number,
           regexp_extract(p.bates, '^(.*?)(\d+)$', 1) AS prefix,
           CAST(regexp_extract(p.bates, '^(.*?)(\d+)$', 2) AS BIGINT) AS number
    FROM pages p
    JOIN documents d ON d.document_id = p.document_id AND d.release_id = p.release_id
    WHERE p.bates IS NOT NULL AND regexp_matches(p.bates, '\d$') AND d.status = 'parsed'
),
ordered AS (
    SELECT *, lag(number) OVER (PARTITION BY release_id, prefix ORDER BY number) AS previous
    FROM stamped
)
SELECT release_id, prefix, 'gap' AS kind, previous + 1 AS first_missing, number - 1 AS last_missing,
       number - previous - 1 AS pages
FROM ordered
WHERE number - previous > 1
UNION ALL
SELECT release_id, prefix, 'repeat' AS kind, number AS first_missing, number AS last_missing,
       count(*) AS pages
FROM stamped
GROUP BY release_id, prefix, number
HAVING count(*) > 1
ORDER BY release_id, prefix, first_missing;
