"""Reports of an analysis: JSON, Markdown for the terminal, one HTML file."""

from parallax.report.render import render_html, render_json, render_markdown

__all__ = ["render_html", "render_json", "render_markdown"]
