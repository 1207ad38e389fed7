"""The one base of the errors Parallax raises on purpose, so a caller can catch them all.

Each subclass names what cannot be used (an input, the store, a state folder, a model, a
web submission) and its message says why; anything else escaping is a bug.
"""


class ParallaxError(Exception):
    """Something Parallax was given cannot be used; the message says which and why."""
