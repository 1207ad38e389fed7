"""Text from inputs (paths, record ids, titles, outlets) made safe to show in a terminal.

Names are the user's data, not ours: rich would read `[/b]` in one as markup (and raise on
it), an escape code in one would drive the terminal, and a newline would split a warning in
two. Everything the CLI prints that came from an input goes through `shown` (or `visible`
for text that is not rich markup), so every name appears literally, on its line.
"""

from __future__ import annotations

import re

from rich.markup import escape

# C0 and C1 control characters (ESC, BEL, CR, newline...), the Unicode line and paragraph
# separators, and the bidirectional overrides and isolates that reorder what a line shows.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str, keep: str = "") -> str:
    """`text` with its control characters written out as Python writes them (`\\x1b`, `\\n`,
    `\\u202e`), except those in `keep` (the newlines of a Markdown document)."""
    return _CONTROLS.sub(
        lambda found: found[0] if found[0] in keep else repr(found[0])[1:-1], text
    )


def shown(value: object) -> str:
    """`value` as rich markup that prints it literally: controls visible, brackets escaped."""
    return escape(visible(str(value)))
