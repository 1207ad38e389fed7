"""Names from the inputs as the terminal shows them: literally, on one line."""

from __future__ import annotations

import pytest
from rich.console import Console

from parallax.terminal import shown, visible


@pytest.mark.parametrize(("name", "printed"), [
    ("[bold]b.txt", "[bold]b.txt"),
    ("a\\[/red] b", "a\\[/red] b"),
    ("esc\x1b[31m\x07", "esc\\x1b[31m\\x07"),
    ("two\nlines\r", "two\\nlines\\r"),
    ("csi\x9b2J del\x7f", "csi\\x9b2J del\\x7f"),
    ("txt.\u202egpj.exe", "txt.\\u202egpj.exe"),  # a right-to-left override hides the .exe
    ("Zürich — “quoted”", "Zürich — “quoted”"),
])
def test_a_name_prints_as_it_is_with_controls_written_out(name: str, printed: str) -> None:
    console = Console(width=200, color_system=None)
    with console.capture() as captured:
        console.print(shown(name), highlight=False)
    assert captured.get() == printed + "\n"


def test_kept_controls_stay() -> None:
    assert visible("# Title\x1b\n\ntext\t", keep="\n") == "# Title\\x1b\n\ntext\\t"
