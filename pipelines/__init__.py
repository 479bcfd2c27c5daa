"""records-audit: public-records releases about ICE contact, as a DuckDB warehouse."""
