"""The printed-email splitter, measured: a labelled corpus, its score, and its cost in time."""
