"""An article's text cut into runs for display: plain text, and the spans that stories cite
as evidence (overlapping citations split into runs that each know every citation on them)."""

from __future__ import annotations

from dataclasses import dataclass

from parallax.store.queries import Highlight


@dataclass
class Run:
    """A stretch of article text and the citations covering it."""

    text: str
    start: int
    kinds: tuple[str, ...] = ()
    focus: bool = False  # inside the span the reader followed a link to


def runs(text: str, highlights: list[Highlight], focus: tuple[int, int] | None) -> list[Run]:
    """Cut `text` at every citation boundary; each run carries the kinds of evidence on it."""
    cuts = {0, len(text)}
    spans = [(h.start, h.end, h.kinds) for h in highlights if 0 <= h.start < h.end <= len(text)]
    if focus and 0 <= focus[0] < focus[1] <= len(text):
        cuts.update(focus)
    for start, end, _ in spans:
        cuts.update((start, end))
    edges = sorted(cuts)
    found = []
    for start, end in zip(edges, edges[1:], strict=False):
        kinds = sorted({kind for s, e, ks in spans if s <= start and end <= e for kind in ks})
        inside = bool(focus) and focus[0] <= start and end <= focus[1]
        found.append(Run(text[start:end], start, tuple(kinds), inside))
    return found


def parse_span(value: str | None) -> tuple[int, int] | None:
    """A `START-END` character span from a link, or None if it is not one."""
    if not value:
        return None
    start, _, end = value.partition("-")
    if not (start.isdigit() and end.isdigit()) or len(value) > 24:
        return None
    return (int(start), int(end)) if int(start) < int(end) else None
