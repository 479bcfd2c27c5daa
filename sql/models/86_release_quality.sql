-- release_quality: what could not be read, per release. Pages, OCR'd pages and their mean
-- confidence, pages with no text at all, pages no message was read from, redacted pages and boxes,
-- withheld pages, and the Bates gaps found by bates_gaps.
CREATE OR REPLACE TABLE release_quality AS
WITH pg AS (
    SELECT release_id,
        count(*) AS pages,
        count(*) FILTER (WHERE text_source = 'ocr') AS ocr_pages,
        round(avg(ocr_confidence) FILTER (WHERE text_source = 'ocr'), 1) AS mean_ocr_confidence,
        count(*) FILTER (WHERE text_source = 'none') AS pages_without_text,
        count(*) FILTER (WHERE NOT in_message) AS pages_not_in_message,
        count(*) FILTER (WHERE redaction_boxes > 0 OR exemption_codes IS NOT NULL) AS redacted_pages,
        CAST(coalesce(sum(redaction_boxes), 0) AS BIGINT) AS redaction_boxes,
        count(*) FILTER (WHERE bates IS NOT NULL) AS pages_with_bates
    FROM pages GROUP BY release_id
),
gaps AS (
    SELECT release_id,
        count(*) FILTER (WHERE kind = 'gap') AS bates_gaps,
        CAST(coalesce(sum(pages) FILTER (WHERE kind = 'gap'), 0) AS BIGINT) AS bates_missing_pages,
        count(*) FILTER (WHERE kind = 'repeat') AS bates_repeats
    FROM bates_gaps GROUP BY release_id
)
SELECT r.release_id, r.agency_id,
    coalesce(pg.pages, 0) AS pages,
    coalesce(pg.ocr_pages, 0) AS ocr_pages,
    pg.mean_ocr_confidence,
    coalesce(pg.pages_without_text, 0) AS pages_without_text,
    coalesce(pg.pages_not_in_message, 0) AS pages_not_in_message,
    coalesce(pg.redacted_pages, 0) AS redacted_pages,
    round(pg.redacted_pages / nullif(pg.pages, 0), 3) AS redacted_page_share,
    coalesce(pg.redaction_boxes, 0) AS redaction_boxes,
    coalesce(pg.pages_with_bates, 0) AS pages_with_bates,
    coalesce(gaps.bates_gaps, 0) AS bates_gaps,
    coalesce(gaps.bates_missing_pages, 0) AS bates_missing_pages,
    coalesce(gaps.bates_repeats, 0) AS bates_repeats
FROM releases r
LEFT JOIN pg USING (release_id)
LEFT JOIN gaps USING (release_id)
ORDER BY r.release_id;
