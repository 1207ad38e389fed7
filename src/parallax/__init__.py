"""Parallax: compare how outlets cover one story, every statement traced to its sentence."""

__version__ = "0.1.0"
