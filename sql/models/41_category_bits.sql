-- category_bits: each category (from `categories`) and the bit that stands for it in
-- message_category_bits: bit k for the category that comes k-th by name. Also defines the macro
-- has_category(bits, 'name') used by the metrics models (and free for analysts' queries): true when
-- `bits` carries that category; a name that is not a category is an error, never a silent zero.
-- Pass the name as a constant string.
CREATE OR REPLACE TABLE category_bits AS
SELECT category, 1::UHUGEINT << CAST(row_number() OVER (ORDER BY category) - 1 AS UHUGEINT) AS bit
FROM (SELECT DISTINCT category FROM categories);
CREATE OR REPLACE MACRO has_category(bits, name) AS
    (bits & coalesce(
        (SELECT b.bit FROM category_bits b WHERE b.category = name),
        error('has_category: no category named ' || name)
    )) != 0;
