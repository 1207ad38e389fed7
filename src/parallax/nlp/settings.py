"""What the language layer can be told: how it runs, never what it finds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from parallax.settings import setting


@dataclass(frozen=True)
class AnnotateSettings:
    """Settings of the language layer (`parallax.annotate`, and `parallax.analyze` before it
    compares)."""

    processes: int = setting(
        1, "Worker processes for large inputs (below 20,000 words one process is faster)."
    )
    cache: Path | None = setting(
        None, "Keep annotations in this folder; an unchanged article is not parsed again."
    )
