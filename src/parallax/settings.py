"""How a settings object documents itself: each field carries its help text and, where it
was measured or chosen for a reason, where its value came from.

The command's `--help`, the API docs and the test that every setting is documented all read
this one description, so it cannot drift from the value it describes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field, fields
from typing import Any, TypeVar

T = TypeVar("T")


def setting(default: T, help: str, source: str | None = None) -> T:
    """A settings field: its default, what it does, and where the default came from."""
    return field(default=default, metadata={"help": help, "source": source})


def settings_group(factory: Callable[[], T], help: str) -> T:
    """A field holding another settings object (documented field by field itself)."""
    return field(default_factory=factory, metadata={"help": help, "source": None})


def help_of(settings: Any, name: str) -> str:
    """The help text of one field of a settings class (or object)."""
    [found] = [item for item in fields(settings) if item.name == name]
    return str(found.metadata["help"])
