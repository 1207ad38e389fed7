"""What the readers produce (raw documents), how much they agree to read, and how they refuse.

Shared by `sources.py` (finding and opening inputs) and `records.py` (JSON and JSONL exports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from parallax.errors import ParallaxError
from parallax.settings import setting

Format = Literal["text", "markdown", "html"]
REPLACEMENT = "\ufffd"  # what a character that cannot be read is read as

# A JSON record holds its article escaped (non-ASCII as \uXXXX: up to 3 times its UTF-8 bytes)
# beside its metadata, so one record may take this many times the document limit.
RECORD_BYTES_PER_DOCUMENT_BYTE = 4


@dataclass(frozen=True)
class ReadLimits:
    """How much Parallax agrees to read: guards against runaway inputs, not normal ones.

    Each limit is checked while reading, before the data is held, so that no input takes more
    memory than its limit implies (a 2 MB gzip file can unpack to 2 GB).
    """

    max_document_bytes: int = setting(
        10_000_000, "Largest document read: a text or HTML file, a page, or one record's text."
    )
    max_json_bytes: int = setting(
        50_000_000, "Largest whole .json file (or stdin): it is parsed in memory at once, "
        "which takes about four times its size; a larger export is read as JSONL."
    )
    max_lines: int | None = setting(
        1_000_000, "Lines read from one JSONL input (None: no limit, as `parallax batch` "
        "streams a feed of any length); the commands that hold every article stop there."
    )
    url_timeout_s: float = setting(20.0, "Seconds to wait for a URL.")
    private_urls: bool = setting(
        True, "Whether URLs resolving to private, loopback, link-local, reserved, multicast "
        "or unspecified addresses may be fetched: the CLI allows them (an intranet), the web "
        "app refuses them unless told, so user-given URLs cannot reach its own network."
    )

    @property
    def max_record_bytes(self) -> int:
        """The longest JSONL line read: one record, its document escaped, and its metadata."""
        return RECORD_BYTES_PER_DOCUMENT_BYTE * self.max_document_bytes


@dataclass
class RawDocument:
    """One article as found: undecoded structure gone, content not yet cleaned."""

    ref: str
    content: str
    format: Format
    fields: dict[str, str] = field(default_factory=dict)


class UnreadableInput(ParallaxError):
    """An input that cannot be read; its message is the reason shown to the user."""


def over_limit(cap: int) -> str:
    """The reason shown for an input (or a part of one) larger than `cap` bytes."""
    return f"over {cap / 1_000_000:g} MB (the limit)"
