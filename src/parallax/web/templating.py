"""One Jinja2 environment for the web pages: the web templates, plus the report's story
sections so a story looks the same in a report file and in the app."""

from __future__ import annotations

from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

from parallax.report.render import is_web_link, show_day

environment = Environment(
    loader=ChoiceLoader([
        PackageLoader("parallax", "web/templates"),
        PackageLoader("parallax", "report/templates"),
    ]),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.globals["day"] = show_day
environment.tests["web_link"] = is_web_link
templates = Jinja2Templates(env=environment)
