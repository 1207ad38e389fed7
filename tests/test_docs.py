"""The documentation's Python examples run as written: a notebook session that reads the
example folder, groups it, analyses the biggest story and writes its HTML report."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "troops-europe-2022"


def python_blocks(document: Path) -> list[str]:
    """The ```python blocks of a Markdown file, in order."""
    return re.findall(r"^```python\n(.*?)^```", document.read_text(encoding="utf-8"), re.M | re.S)


def test_the_api_examples_run_as_written(tmp_path: Path) -> None:
    """Run where the repository's layout is copied (the example folder), so that the session
    writes its report there rather than into the checkout, on this checkout's package."""
    shutil.copytree(EXAMPLE, tmp_path / "examples" / EXAMPLE.name)
    session = "\n".join(python_blocks(REPO / "docs" / "API.md"))
    path = os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])
    ran = subprocess.run([sys.executable, "-c", session], cwd=tmp_path, capture_output=True,
                         text=True, timeout=900, env={**os.environ, "PYTHONPATH": path})
    assert ran.returncode == 0, ran.stderr
    assert "1 stories; the biggest has 5 articles" in ran.stdout
    assert "number How many US troops" in ran.stdout
    page = (tmp_path / "troops.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "US sends thousands of troops" in page
    assert "reading 5 ? examples/troops-europe-2022/004_" in ran.stdout  # the progress example


def test_the_readme_points_to_the_api_and_its_snippet_is_the_api_s() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/API.md" in readme
    api = "\n".join(python_blocks(REPO / "docs" / "API.md"))
    for line in "\n".join(python_blocks(REPO / "README.md")).splitlines():
        assert line in api, f"README's example strays from the tested one: {line!r}"
