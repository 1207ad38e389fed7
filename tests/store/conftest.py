"""Store test fixtures: our own texts written to files."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_articles import WriteFiles


@pytest.fixture
def write_files(tmp_path: Path) -> WriteFiles:
    """Write texts as .txt files into tmp_path/`folder`; returns their paths."""

    def write(folder: str, *texts: str) -> list[str]:
        where = tmp_path / folder
        where.mkdir(exist_ok=True)
        paths = []
        for text in texts:
            path = where / f"{len(list(where.iterdir())) + 1:02d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        return paths

    return write
