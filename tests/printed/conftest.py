"""The labelled corpus of printed PDFs, generated once per test session into a temporary folder."""

from __future__ import annotations

import pytest

from bench.splitter.corpus import CorpusDocument, build_corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[CorpusDocument]:
    return build_corpus(tmp_path_factory.mktemp("printed_corpus"))
