"""Reports of an analysis: schema-valid input, self-contained escaped HTML, readable Markdown."""

from __future__ import annotations

import copy
import json
import re
from importlib import resources

import jsonschema
import pytest
from markupsafe import escape

from parallax.report import render_html, render_json, render_markdown

SCHEMA = json.loads(
    resources.files("parallax").joinpath("schemas/analysis.schema.json").read_text()
)

# Written for these tests: four reports of one troop deployment that disagree on the figures.
TEXTS = {
    "a1": (
        "The Pentagon said on Wednesday it would send about 3,000 additional troops to "
        "Eastern Europe, moving soldiers from Fort Bragg to Poland and Germany.\n\n"
        "Around 1,000 soldiers already based in Germany will move to Romania, a spokesman "
        "said.\n\n"
        "The United States has about 80,000 troops stationed across Europe, according to "
        "defence officials.\n\n"
        '"These are not permanent moves," the spokesman told reporters at the Pentagon.'
    ),
    "a2": (
        "Washington will deploy 2,000 soldiers from North Carolina to Poland and Germany in "
        "the coming days, officials announced on Wednesday.\n\n"
        "A further 1,000 troops will be repositioned from Germany to Romania. Roughly 75,000 "
        "to 80,000 American service members are currently in Europe.\n\n"
        "The move follows the Pentagon's decision on 24 January to put 8,500 troops on "
        "heightened alert. The spokesman described the deployment as a signal of commitment "
        "to NATO allies, adding that the troops would not fight in Ukraine."
    ),
    "a3": (
        "The US is sending 3,000 troops to Europe's eastern flank, a move the Kremlin called "
        "destructive.\n\n"
        "The deployment adds to the 60,000 US troops already permanently stationed in "
        "Europe.\n\n"
        "Moscow's deputy foreign minister said on Thursday the step would raise tensions "
        "rather than reduce them.\n\n"
        '"These are not permanent moves," the Pentagon spokesman said.'
    ),
    "a4": (
        "Polish officials welcomed the arrival of the first US paratroopers at Rzeszow "
        "airport on Saturday.\n\n"
        "More than 80,000 US personnel are now in Europe, the officials said.\n\n"
        "The first soldiers arrived on 5 February 2022, two days after the announcement."
    ),
}


def evidence(article: str, quote: str) -> dict:
    """Evidence whose offsets and sentence index are computed from the text, so it is exact."""
    text = TEXTS[article]
    start = text.index(quote)
    sentence = len(re.findall(r"[.!?][\"”]?\s+", text[:start]))
    return {
        "article": article,
        "sentence": sentence,
        "start": start,
        "end": start + len(quote),
        "text": quote,
    }


def article(aid: str, source: str | None, title: str, published: str | None, **extra) -> dict:
    return {
        "id": aid,
        "ref": extra.get("ref", f"saved/{aid}.html"),
        "source": source,
        "title": title,
        "author": extra.get("author"),
        "published": published,
        "published_from": extra.get("published_from", "metadata" if published else None),
        "language": "en",
        "words": len(TEXTS[aid].split()),
        "removed_lines": extra.get("removed_lines", 0),
    }


def sourced(fields: dict, *quotes: tuple[str, str]) -> dict:
    """A statement with its evidence and the articles that evidence comes from."""
    found = [evidence(aid, quote) for aid, quote in quotes]
    return fields | {
        "articles": list(dict.fromkeys(e["article"] for e in found)),
        "evidence": found,
    }


def build_analysis() -> dict:
    return {
        "schema": "parallax.analysis/1",
        "story": {
            "id": "s1",
            "title": "US sends extra troops to Eastern Europe",
            "start": "2022-02-02",
            "end": "2022-02-05",
        },
        "articles": [
            article(
                "a1",
                "Northern Ledger",
                "Pentagon orders 3,000 troops east",
                "2022-02-02",
                author="Jo Marsh",
                removed_lines=12,
            ),
            article(
                "a2",
                "Harbour Times",
                "US to deploy soldiers to Poland and Germany",
                "2022-02-02",
                published_from="text",
            ),
            article(
                "a3",
                "Capital Wire",
                "Kremlin condemns US deployment",
                "2022-02-03",
                ref="https://capital-wire.example/world/kremlin-condemns",
            ),
            article("a4", None, "Allies welcome extra forces", None),
        ],
        "consensus": [
            sourced(
                {"id": "c1", "statement": "About 1,000 troops will move from Germany to Romania."},
                ("a1", "Around 1,000 soldiers already based in Germany will move to Romania"),
                ("a2", "A further 1,000 troops will be repositioned from Germany to Romania."),
            ),
            sourced(
                {"id": "c2", "statement": "The Pentagon says the moves are not permanent."},
                ("a1", '"These are not permanent moves," the spokesman told reporters'),
                ("a3", '"These are not permanent moves," the Pentagon spokesman said.'),
            ),
        ],
        "divergences": [
            {
                "id": "d1",
                "kind": "number",
                "question": "How many US troops are stationed in Europe?",
                "positions": [
                    sourced(
                        {"answer": "about 80,000"},
                        ("a1", "about 80,000 troops stationed across Europe"),
                    ),
                    sourced(
                        {"answer": "75,000–80,000"},
                        (
                            "a2",
                            "Roughly 75,000 to 80,000 American service members are "
                            "currently in Europe.",
                        ),
                    ),
                    sourced(
                        {"answer": "60,000"},
                        ("a3", "the 60,000 US troops already permanently stationed in Europe"),
                    ),
                    sourced(
                        {"answer": "more than 80,000"},
                        ("a4", "More than 80,000 US personnel are now in Europe"),
                    ),
                ],
                "note": "Capital Wire counts only permanently stationed troops.",
            },
            {
                "id": "d2",
                "kind": "number",
                "question": "How many troops are being sent from the United States?",
                "positions": [
                    sourced(
                        {"answer": "3,000"},
                        ("a1", "about 3,000 additional troops"),
                        ("a3", "The US is sending 3,000 troops"),
                    ),
                    sourced(
                        {"answer": "2,000"},
                        ("a2", "Washington will deploy 2,000 soldiers from North Carolina"),
                    ),
                ],
                "note": None,
            },
            {
                "id": "d3",
                "kind": "framing",
                "question": "How is the deployment presented?",
                "positions": [
                    sourced(
                        {"answer": "as a commitment to NATO allies"},
                        (
                            "a2",
                            "The spokesman described the deployment as a signal of "
                            "commitment to NATO allies",
                        ),
                    ),
                    sourced(
                        {"answer": "as a move Moscow calls destructive"},
                        ("a3", "a move the Kremlin called destructive"),
                    ),
                ],
                "note": "Capital Wire leads with the Kremlin's reaction.",
            },
        ],
        "unique": [
            {
                "article": "a3",
                "statement": "Russia's deputy foreign minister warned of rising tensions.",
                "evidence": [
                    evidence(
                        "a3",
                        "Moscow's deputy foreign minister said on Thursday "
                        "the step would raise tensions",
                    )
                ],
            },
            {
                "article": "a4",
                "statement": "The first paratroopers landed at Rzeszow airport.",
                "evidence": [evidence("a4", "the first US paratroopers at Rzeszow airport")],
            },
            {
                "article": "a2",
                "statement": "The troops will not fight in Ukraine.",
                "evidence": [evidence("a2", "the troops would not fight in Ukraine")],
            },
        ],
        "timeline": [
            sourced(
                {"date": "2022-02-02", "event": "The deployment is announced"},
                ("a1", "The Pentagon said on Wednesday"),
                ("a2", "officials announced on Wednesday"),
            ),
            sourced(
                {"date": "2022-01-24", "event": "8,500 troops are put on heightened alert"},
                (
                    "a2",
                    "the Pentagon's decision on 24 January to put 8,500 troops on heightened alert",
                ),
            ),
            sourced(
                {"date": "2022-02-03", "event": "Moscow says the step will raise tensions"},
                ("a3", "Moscow's deputy foreign minister said on Thursday"),
            ),
            sourced(
                {"date": "2022-02-05", "event": "The first soldiers arrive in Poland"},
                ("a4", "The first soldiers arrived on 5 February 2022"),
            ),
        ],
        "summary": [
            sourced(
                {"text": "The US is sending 3,000 troops to Eastern Europe."},
                ("a3", "The US is sending 3,000 troops"),
                ("a1", "about 3,000 additional troops to Eastern Europe"),
            ),
            sourced(
                {
                    "text": "Reports put the troops already in Europe between 60,000 and more "
                    "than 80,000."
                },
                ("a3", "the 60,000 US troops already permanently stationed in Europe"),
                ("a4", "More than 80,000 US personnel are now in Europe"),
            ),
        ],
        "warnings": ["feed/broken.html: no article text found"],
        "timings": {"ingest_s": 0.2, "nlp_s": 1.4, "compare_s": 0.5, "total_s": 2.1},
    }


def all_evidence(analysis: dict) -> list[dict]:
    positions = (p for d in analysis["divergences"] for p in d["positions"])
    items = [
        *analysis["consensus"],
        *analysis["unique"],
        *analysis["timeline"],
        *analysis["summary"],
        *positions,
    ]
    return [e for item in items for e in item["evidence"]]


@pytest.fixture
def analysis() -> dict:
    document = build_analysis()
    jsonschema.validate(document, SCHEMA)
    return document


def hostile(analysis: dict) -> tuple[dict, dict[str, str]]:
    """The fixture with markup in an article's text, title and outlet name."""
    attack = '<script>alert("x")</script> and <img src=x onerror=alert(1)>'
    texts = dict(TEXTS, a4=TEXTS["a4"] + "\n\n" + attack)
    document = copy.deepcopy(analysis)
    start = texts["a4"].index(attack)
    quote = {
        "article": "a4",
        "sentence": 3,
        "start": start,
        "end": start + len(attack),
        "text": attack,
    }
    document["articles"][3] |= {"source": "<b>Evil</b> Outlet", "title": attack}
    document["unique"].append({"article": "a4", "statement": attack, "evidence": [quote]})
    document["divergences"][0]["positions"][3]["answer"] = attack
    jsonschema.validate(document, SCHEMA)
    return document, texts


def test_fixture_evidence_is_verbatim_at_its_offsets(analysis: dict) -> None:
    for item in all_evidence(analysis):
        assert TEXTS[item["article"]][item["start"] : item["end"]] == item["text"]


def test_schema_rejects_an_unknown_kind_and_a_missing_field(analysis: dict) -> None:
    wrong_kind = copy.deepcopy(analysis)
    wrong_kind["divergences"][0]["kind"] = "opinion"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong_kind, SCHEMA)
    missing = copy.deepcopy(analysis)
    del missing["divergences"][0]["positions"][0]["evidence"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(missing, SCHEMA)
    no_timings = copy.deepcopy(analysis)
    del no_timings["timings"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(no_timings, SCHEMA)


def test_schema_rejects_unsourced_statements_and_extra_fields(analysis: dict) -> None:
    unsourced = copy.deepcopy(analysis)
    unsourced["consensus"][0]["evidence"] = []
    extra = copy.deepcopy(analysis)
    extra["articles"][0]["text"] = TEXTS["a1"]
    bad_origin = copy.deepcopy(analysis)
    bad_origin["articles"][0]["published_from"] = "guess"
    for document in (unsourced, extra, bad_origin):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(document, SCHEMA)


def test_json_round_trips_and_keeps_non_ascii(analysis: dict) -> None:
    text = render_json(analysis)
    assert json.loads(text) == analysis
    assert "75,000–80,000" in text


def test_html_loads_nothing_from_outside(analysis: dict) -> None:
    page = render_html(analysis, TEXTS)
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:[a-z]+:)?//""", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"<script\b[^>]*\bsrc\b", page, re.I)
    assert "@import" not in page and "url(" not in page
    # The article whose ref is a URL is named, not linked.
    assert "https://capital-wire.example/world/kremlin-condemns" in page


def test_html_escapes_markup_from_articles(analysis: dict) -> None:
    document, texts = hostile(analysis)
    page = render_html(document, texts)
    assert '<script>alert("x")' not in page
    assert "<img src=x" not in page
    assert "<b>Evil</b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;Evil&lt;/b&gt; Outlet" in page
    assert len(re.findall(r"<script\b", page)) == 1  # only the report's own print helper


def test_html_has_every_question_outlet_and_highlighted_evidence(analysis: dict) -> None:
    page = render_html(analysis, TEXTS)
    for divergence in analysis["divergences"]:
        assert escape(divergence["question"]) in page
        for item in divergence["positions"]:
            assert escape(item["answer"]) in page
    header = page[
        page.index('<table class="grid divergences">') : page.index(
            "</thead>", page.index('<table class="grid divergences">')
        )
    ]
    # An outlet without a name is shown under its article's id and title.
    untitled = "a4 · Allies welcome extra forces"
    for name in ("Northern Ledger", "Harbour Times", "Capital Wire", untitled):
        assert f">{name}</th>" in header
    for item in all_evidence(analysis):
        assert f"<mark>{escape(item['text'])}</mark>" in page


def test_html_articles_table_names_known_outlets_and_marks_the_unnamed(analysis: dict) -> None:
    page = render_html(analysis, TEXTS)
    table = page[page.index('<table class="articles">') : page.index("</table>")]
    outlets = re.findall(r'<td class="outlet">(.*?)</td>', table)
    assert len(outlets) == len(analysis["articles"])
    for article, cell in zip(analysis["articles"], outlets, strict=True):
        assert cell == (article["source"] or '<span class="tag">not named</span>')


def test_html_articles_table_links_where_each_article_was_published(analysis: dict) -> None:
    """An http(s) URL is a link, escaped; any other scheme never is; documents stored before
    articles had a URL still render."""
    document = copy.deepcopy(analysis)
    web = 'https://www.northern-ledger.example/2022/02/02/troops/?a=1&b="2"'
    document["articles"][0] |= {"url": web, "published_from": "url"}
    document["articles"][1] |= {"url": "javascript:alert(1)"}
    document["articles"][2] |= {"url": None}
    jsonschema.validate(document, SCHEMA)
    page = render_html(document, TEXTS)
    table = page[page.index('<table class="articles">') : page.index("</table>")]
    rows = table.split("<tr style=")[1:]
    assert f'<a class="original" href="{escape(web)}"' in rows[0]
    assert 'rel="noopener noreferrer nofollow"' in rows[0]
    assert "from its URL" in rows[0]
    assert "<a " not in rows[1] and "javascript:" not in rows[1]
    assert "<a " not in rows[2] and "<a " not in rows[3]  # no URL, and no url field at all


def test_overview_counts_outlets_by_name_and_unnamed_articles_apart(analysis: dict) -> None:
    counts = "4 articles from 3 outlets, 1 with no outlet named"
    assert f"2 Feb 2022 – 5 Feb 2022 · {counts}" in render_html(analysis, TEXTS)
    assert f"\n2022-02-02 – 2022-02-05 · {counts}\n" in render_markdown(analysis)
    same_outlet = copy.deepcopy(analysis)
    same_outlet["articles"][1]["source"] = "Northern Ledger"
    assert "4 articles from 2 outlets, 1 with no outlet named" in render_markdown(same_outlet)
    for item in same_outlet["articles"]:
        item["source"] = None
    assert "4 articles, no outlet named" in render_markdown(same_outlet)


def test_html_cells_hold_each_outlets_own_answer(analysis: dict) -> None:
    page = render_html(analysis, TEXTS)
    row = page[page.index('<tr id="d2">') : page.index("</tr>", page.index('<tr id="d2">'))]
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert len(cells) == 4
    assert ">3,000<" in cells[0] and ">2,000<" in cells[1] and ">3,000<" in cells[2]
    assert cells[3] == ""


def test_html_shows_evidence_in_its_paragraph(analysis: dict) -> None:
    page = render_html(analysis, TEXTS)
    assert (
        "in the coming days, officials announced on Wednesday.\n\n"
        "A further 1,000 troops will be repositioned from Germany to Romania. "
        "<mark>Roughly 75,000 to 80,000 American service members are currently in Europe.</mark>"
        "\n\nThe move follows" in page
    )


def test_html_without_the_article_text_still_shows_the_quote(analysis: dict) -> None:
    page = render_html(analysis, {})
    assert "the article text is not available at these offsets" in page
    assert "<mark>60,000</mark>" not in page
    assert "<mark>the 60,000 US troops already permanently stationed in Europe</mark>" in page


def test_html_timeline_chart_has_a_marker_per_outlet_and_event(analysis: dict) -> None:
    page = render_html(analysis, TEXTS)
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count("<g>") == len(analysis["timeline"])
    assert svg.count("<circle") == sum(len(t["articles"]) for t in analysis["timeline"])
    assert ">24 Jan: 8,500 troops are put on heightened alert</text>" in svg


def test_markdown_lists_questions_answers_and_sources(analysis: dict) -> None:
    text = render_markdown(analysis)
    assert text.startswith("# US sends extra troops to Eastern Europe\n")
    for divergence in analysis["divergences"]:
        assert divergence["question"] in text
        for item in divergence["positions"]:
            assert f"**{item['answer']}**" in text
    assert "**60,000** — Capital Wire — “the 60,000 US troops" in text
    # The articles table leaves an unnamed outlet blank: its id and title have their own columns.
    assert "| a4 | — | — | Allies welcome extra forces |" in text
    assert "\\[a3, a1\\]" in text
    assert "feed/broken.html: no article text found" in text


def test_markdown_escapes_markup_from_articles(analysis: dict) -> None:
    document, _ = hostile(analysis)
    text = render_markdown(document)
    assert not re.search(r"(?<!\\)<", text)
    assert "\\<script\\>alert" in text


def with_facts(document: dict) -> dict:
    """The analysis as version 2, with a fact table: one fact two outlets state and a third
    contradicts, one only a1 states."""
    alert = "The move follows the Pentagon's decision on 24 January to put 8,500 troops"
    document = {**document, "schema": "parallax.analysis/2"}
    document["articles"] = [{**a, "opinion": a["id"] == "a3", "copy_of": None}
                            for a in document["articles"]]
    document["facts"] = [
        {"id": "f1", "statement": "About 1,000 troops move from Germany to Romania.",
         "status": {"a1": "states", "a2": "states", "a3": "contradicts", "a4": "silent"},
         "sources": 2,
         "evidence": [evidence("a1", "Around 1,000 soldiers already based in Germany will move"),
                      evidence("a2", "A further 1,000 troops will be repositioned"),
                      evidence("a3", TEXTS["a3"].split(".")[0])]},
        {"id": "f2", "statement": "8,500 troops were put on heightened alert.",
         "status": {"a1": "silent", "a2": "states", "a3": "silent", "a4": "silent"},
         "sources": 1, "evidence": [evidence("a2", alert)]},
    ]
    return document


def test_html_fact_grid_marks_what_each_outlet_does_with_each_fact(analysis: dict) -> None:
    document = with_facts(analysis)
    jsonschema.validate(document, SCHEMA)
    page = render_html(document, TEXTS)
    grid = page[page.index('<table class="grid facts">'):]
    grid = grid[: grid.index("</table>")]
    rows = grid.split('<tr id="f')[1:]
    assert len(rows) == 2
    assert rows[0].count('class="fact-states"') == 2
    assert rows[0].count('class="fact-contradicts"') == 1
    assert rows[1].count('class="fact-states"') == 1
    assert escape("A further 1,000 troops will be repositioned") in rows[0]
    assert '<span class="tag">opinion</span>' in page


def test_markdown_lists_the_fact_table(analysis: dict) -> None:
    text = render_markdown(with_facts(analysis))
    assert "## Fact table" in text
    line = next(line for line in text.splitlines() if "1,000 troops move" in line)
    assert "contradicts:" in line


def test_a_version_1_analysis_still_renders_without_a_fact_table(analysis: dict) -> None:
    assert "## Fact table" not in render_markdown(analysis)
    assert 'class="grid facts"' not in render_html(analysis, TEXTS)
