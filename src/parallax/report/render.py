"""Render an analysis (or its `parallax.analysis` document) as JSON, Markdown or one
self-contained HTML page.

The renderers only present what the analysis holds: every quote shown is evidence text, and
everything that came from an article is escaped (Markdown) or autoescaped (Jinja2).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined

from parallax.model import Analysis

# Okabe-Ito's colour-blind-safe hues that read on white, then a few distinct extras; outlets
# past the palette get hues spread by the golden angle so colours never repeat.
PALETTE = (
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00",
    "#56b4e9", "#8c564b", "#6a3d9a", "#4d4d4d",
)  # fmt: skip
UNKNOWN_COLOUR = "#9e9e9e"
CONTEXT_CHARS = 300  # at most this much text either side of a piece of evidence
NAME_CHARS = 28
QUOTE_CHARS = 160  # quotes in summary lines and Markdown are cut to about this length

CHART_WIDTH = 960
CHART_PAD = 48  # room left and right of the date axis for markers and labels
CHART_TOP = 58  # tick labels and the axis sit above the first event row
CHART_ROW = 30
DOT_STEP = 11  # one dot per outlet, overlapping slightly like a stack
CHAR_PX = 7.2  # a generous average glyph width at the chart's 13px, to cut labels that fit
TICK_STEPS = (1, 2, 7, 14, 28, 56, 91, 182, 364, 728)

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s)|\n")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")

_TEMPLATES = Environment(
    loader=PackageLoader("parallax", "report/templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def is_web_link(url: object) -> bool:
    """Whether `url` may be shown as a link: an http or https address with a host. What an
    input calls a URL can be anything (`javascript:...` included), and a link runs it."""
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


_TEMPLATES.tests["web_link"] = is_web_link


@dataclass(frozen=True)
class _Outlet:
    """One outlet (or, when the outlet is unknown, one article) with its colour everywhere."""

    name: str
    colour: str
    articles: tuple[str, ...]


class _Cast:
    """Who wrote what: worked out once so every section names and colours outlets alike."""

    def __init__(self, articles: list[dict]) -> None:
        groups: dict[str, list[str]] = {}
        for article in articles:
            name = article["source"] or _untitled_outlet(article)
            groups.setdefault(name, []).append(article["id"])
        self.outlets = [
            _Outlet(name, _colour(index), tuple(ids))
            for index, (name, ids) in enumerate(groups.items())
        ]
        self._outlet_of = {aid: outlet for outlet in self.outlets for aid in outlet.articles}
        self._articles = {article["id"]: article for article in articles}

    def outlet(self, article_id: str) -> _Outlet:
        # Evidence pointing outside the article list still renders, under its own id.
        return self._outlet_of.get(article_id) or _Outlet(article_id, UNKNOWN_COLOUR, (article_id,))

    def names(self, article_ids: Iterable[str]) -> str:
        return ", ".join(dict.fromkeys(self.outlet(aid).name for aid in article_ids))

    def chip(self, article_id: str) -> dict[str, str]:
        outlet = self.outlet(article_id)
        title = self._articles.get(article_id, {}).get("title")
        label = outlet.name if len(outlet.articles) == 1 else f"{outlet.name} · {article_id}"
        return {
            "label": label,
            "colour": outlet.colour,
            "title": f"{article_id}: {title}" if title else article_id,
        }

    def by_outlet(self, items: list[dict]) -> list[tuple[_Outlet, list[dict]]]:
        """Items with an `article` grouped under their outlet, in the outlets' order."""
        groups: dict[_Outlet, list[dict]] = {}
        for item in items:
            groups.setdefault(self.outlet(item["article"]), []).append(item)
        order = {outlet: index for index, outlet in enumerate(self.outlets)}
        return sorted(groups.items(), key=lambda group: order.get(group[0], len(order)))


def _untitled_outlet(article: dict) -> str:
    """An article whose outlet is unknown goes by its id and the start of its title."""
    if not article["title"]:
        return article["id"]
    return f"{article['id']} · {_clip(article['title'], NAME_CHARS)}"


def render_json(analysis: Analysis | dict) -> str:
    """The analysis as written to disk: indented for diffs, non-ASCII text kept readable."""
    return json.dumps(_document(analysis), ensure_ascii=False, indent=2)


def render_markdown(analysis: Analysis | dict) -> str:
    """A plain report for the terminal and `-o report.md`: every answer with outlets and a quote."""
    analysis = _document(analysis)
    cast = _Cast(analysis["articles"])
    story = analysis["story"]
    blocks = [
        f"# {_md(story['title'] or 'Story ' + story['id'])}",
        _md(_overview(story, analysis["articles"], str)),
        "## Articles",
        "\n".join(
            ["| id | outlet | date | title |", "| --- | --- | --- | --- |"]
            + [
                f"| {a['id']} | {_md(a['source'] or '—')} | {a['published'] or '—'} "
                f"| {_md(a['title'] or '—')} |"
                for a in analysis["articles"]
            ]
        ),
    ]
    if analysis["summary"]:
        blocks += [
            "## Summary",
            _bullets(_md(f"{s['text']} [{', '.join(s['articles'])}]") for s in analysis["summary"]),
        ]
    blocks.append("## Divergences")
    if not analysis["divergences"]:
        blocks.append("No divergences found.")
    for number, divergence in enumerate(analysis["divergences"], 1):
        blocks += [
            f"### {number}. {_md(divergence['question'])} ({divergence['kind']})",
            _bullets(
                f"**{_md(p['answer'])}** — {_md(cast.names(p['articles']))} — "
                f"“{_md(_clip(p['evidence'][0]['text'], QUOTE_CHARS))}”"
                for p in divergence["positions"]
            ),
        ]
        if divergence["note"]:
            blocks.append(f"*{_md(divergence['note'])}*")
    if analysis.get("facts"):
        blocks += ["## Fact table", _bullets(_fact_line(fact, cast) for fact in analysis["facts"])]
    if analysis["consensus"]:
        blocks += [
            "## Consensus",
            _bullets(
                f"{_md(c['statement'])} — {_md(cast.names(c['articles']))}"
                for c in analysis["consensus"]
            ),
        ]
    if analysis["unique"]:
        blocks.append("## Reported by one outlet only")
        for outlet, items in cast.by_outlet(analysis["unique"]):
            blocks += [
                f"### {_md(outlet.name)}",
                _bullets(
                    f"{_md(u['statement'])} — “{_md(_clip(u['evidence'][0]['text'], QUOTE_CHARS))}”"
                    for u in items
                ),
            ]
    if analysis["timeline"]:
        blocks += [
            "## Timeline",
            _bullets(
                f"**{t['date']}** — {_md(t['event'])} — {_md(cast.names(t['articles']))}"
                for t in sorted(analysis["timeline"], key=lambda t: t["date"])
            ),
        ]
    if analysis["warnings"]:
        blocks += ["## Warnings", _bullets(_md(w) for w in analysis["warnings"])]
    return "\n\n".join(blocks) + "\n"


def _fact_line(fact: dict, cast: _Cast) -> str:
    """One fact of the table as a line: who states it, who contradicts it, how independently."""
    by_status = {
        status: [aid for aid, said in fact["status"].items() if said == status]
        for status in ("states", "contradicts")
    }
    line = f"{_md(fact['statement'])} — states: {_md(cast.names(by_status['states']))}"
    if len(by_status["states"]) > fact["sources"]:
        line += f" ({fact['sources']} independent)"
    if by_status["contradicts"]:
        line += f"; contradicts: {_md(cast.names(by_status['contradicts']))}"
    return line


def render_html(analysis: Analysis | dict, texts: dict[str, str] | None = None) -> str:
    """One self-contained page; `texts` (article id → cleaned text; an `Analysis` has them)
    shows each quote in context."""
    if texts is None:
        texts = {a.id: a.text for a in analysis.articles} if isinstance(analysis, Analysis) else {}
    context = story_context(_document(analysis), texts)
    return _TEMPLATES.get_template("report.html.j2").render(**context)


def _document(analysis: Analysis | dict) -> dict:
    """The `parallax.analysis` document the renderers read: an analysis as just computed, or
    one read back from JSON or the store."""
    return analysis.to_record() if isinstance(analysis, Analysis) else analysis


def story_context(
    analysis: dict, texts: dict[str, str], article_href: Callable[[dict], str] | None = None
) -> dict:
    """What `sections.html.j2` shows for one analysis; `article_href(evidence)`, when given,
    links each piece of evidence to its place in the article (the web app's article page)."""
    cast = _Cast(analysis["articles"])
    return {
        "analysis": analysis,
        "overview": _overview(analysis["story"], analysis["articles"], show_day),
        "outlets": cast.outlets,
        "chip": cast.chip,
        "evidence": partial(_evidence, texts=texts, cast=cast, article_href=article_href),
        "answers": _answers,
        "fact_cell": _fact_cell,
        "facts": analysis.get("facts", []),  # a version 1 analysis has no fact table
        "unique": cast.by_outlet(analysis["unique"]),
        "chart": _chart(analysis["timeline"], cast),
        "day": show_day,
    }


def outlet_chip(analysis: dict, article_id: str) -> dict[str, str]:
    """An article's outlet label and colour, as every section of its story shows them."""
    return _Cast(analysis["articles"]).chip(article_id)


def report_css() -> str:
    """The report's style sheet, which the web app serves for its story pages too."""
    source, _, _ = _TEMPLATES.loader.get_source(_TEMPLATES, "report.css")
    return source


def _overview(story: dict, articles: list[dict], show_day: Callable[[str], str]) -> str:
    """One line under the title: when the story ran, how many articles it has and from how
    many outlets; articles whose outlet is not named are counted apart, never as outlets."""
    outlets = len({a["source"] for a in articles if a["source"]})
    unnamed = sum(not a["source"] for a in articles)
    count = f"{len(articles)} article{'s' * (len(articles) != 1)}"
    if outlets:
        count += f" from {outlets} outlet{'s' * (outlets != 1)}"
    if unnamed:
        count += f", {unnamed} with no outlet named" if outlets else ", no outlet named"
    parts = [count]
    if story["start"] or story["end"]:
        days = dict.fromkeys(show_day(d) if d else "?" for d in (story["start"], story["end"]))
        parts.insert(0, " – ".join(days))
    return " · ".join(parts)


def _evidence(
    evidence: dict,
    *,
    texts: dict[str, str],
    cast: _Cast,
    article_href: Callable[[dict], str] | None,
) -> dict:
    """A quote with the text around it, when the article text holds it at the given offsets."""
    start, end = evidence["start"], evidence["end"]
    text = texts.get(evidence["article"], "")
    found = text[start:end] == evidence["text"]
    before, after = _context(text, start, end) if found else ("", "")
    return {
        "chip": cast.chip(evidence["article"]),
        "quote": _clip(evidence["text"], QUOTE_CHARS),
        "text": evidence["text"],
        "before": before,
        "after": after,
        "found": found,
        "where": f"{evidence['article']} · sentence {evidence['sentence']} · "
        f"characters {start}–{end}",
        "href": article_href(evidence) if article_href else None,
    }


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """Up to CONTEXT_CHARS either side of [start, end), cut at sentence boundaries if possible."""
    low, high = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    before, after = text[low:start], text[end:high]
    if low > 0:
        boundary = _SENTENCE_END.search(before)
        before = before[boundary.end() :].lstrip() if boundary else "… " + before.split(None, 1)[-1]
    if high < len(text):
        boundaries = list(_SENTENCE_END.finditer(after))
        after = after[: boundaries[-1].end()] if boundaries else after.rsplit(None, 1)[0] + " …"
    return before, after.rstrip()


def _answers(divergence: dict, outlet: _Outlet) -> list[dict]:
    """The positions an outlet takes on one question, with only its own evidence."""
    own = set(outlet.articles)
    return [
        {"answer": p["answer"], "evidence": [e for e in p["evidence"] if e["article"] in own]}
        for p in divergence["positions"]
        if own.intersection(p["articles"])
    ]


def _fact_cell(fact: dict, outlet: _Outlet) -> dict:
    """What one outlet does with a fact (states it if any of its articles does, else
    contradicts it if any does, else is silent), with the evidence of its own articles."""
    statuses = {fact["status"].get(aid, "silent") for aid in outlet.articles}
    status = next((s for s in ("states", "contradicts") if s in statuses), "silent")
    own = {aid for aid in outlet.articles if fact["status"].get(aid) == status}
    return {"status": status, "evidence": [e for e in fact["evidence"] if e["article"] in own]}


def _chart(timeline: list[dict], cast: _Cast) -> dict | None:
    """Geometry of the timeline SVG: a date axis and one labelled row per event."""
    events = sorted(
        ((day, event) for event in timeline if (day := _parse_day(event["date"]))),
        key=lambda pair: pair[0],
    )
    if not events:
        return None
    first = events[0][0] - timedelta(days=1)
    span = (events[-1][0] + timedelta(days=1) - first).days

    def x(day: date) -> float:
        return CHART_PAD + (day - first).days / span * (CHART_WIDTH - 2 * CHART_PAD)

    rows = []
    for index, (day, event) in enumerate(events):
        outlets = list(dict.fromkeys(cast.outlet(aid) for aid in event["articles"]))
        # Dots and label grow away from the nearer edge, so neither leaves the chart.
        right = x(day) < CHART_WIDTH * 0.6
        spacing = DOT_STEP if right else -DOT_STEP
        dots = [
            {"x": round(x(day) + k * spacing, 1), "colour": outlet.colour}
            for k, outlet in enumerate(outlets)
        ]
        label_x = dots[-1]["x"] + (12 if right else -12)
        room = (CHART_WIDTH - label_x if right else label_x) - 8
        label = f"{day.day} {day:%b}: {event['event']}"
        rows.append(
            {
                "y": CHART_TOP + index * CHART_ROW,
                "dots": dots,
                "label": _clip(label, int(room / CHAR_PX)),
                "label_x": label_x,
                "anchor": "start" if right else "end",
                "title": f"{label} ({', '.join(outlet.name for outlet in outlets)})",
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_TOP + len(events) * CHART_ROW,
        "axis_y": CHART_TOP - 24,
        "ticks": _ticks(first, span, x),
        "rows": rows,
    }


def _ticks(first: date, span: int, x: Callable[[date], float]) -> list[dict]:
    """About eight dated ticks at a round step, with the year where it starts or changes."""
    step = next((s for s in TICK_STEPS if span / s <= 8), TICK_STEPS[-1])
    ticks = []
    for offset in range(0, span + 1, step):
        day = first + timedelta(days=offset)
        new_year = offset == 0 or day.year != (day - timedelta(days=step)).year
        label = f"{day.day} {day:%b} {day.year}" if new_year else f"{day.day} {day:%b}"
        ticks.append({"x": round(x(day), 1), "label": label})
    return ticks


def _colour(index: int) -> str:
    if index < len(PALETTE):
        return PALETTE[index]
    return f"hsl({round(index * 137.508) % 360} 60% 40%)"


def _parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def show_day(value: str | None) -> str:
    """An ISO date as people read it ("2 Feb 2022"); what is unknown stays visibly unknown."""
    day = _parse_day(value) if value else None
    if day is None:
        return value or "date unknown"
    return f"{day.day} {day:%b %Y}"


def _clip(text: str, limit: int) -> str:
    """Text cut at a word boundary to about `limit` characters, marked with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 1)].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _md(text: str) -> str:
    """Text on one line with Markdown's markup characters escaped, so articles stay plain text."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _bullets(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)
