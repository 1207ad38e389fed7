"""The JSON API and the pages on it, against SQLite and (when a server is there) PostgreSQL:
every story comes back as the stored `parallax.analysis/1` document."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
from webtools import EXAMPLE, client, wait_for_job

from parallax.store.database import Database
from parallax.store.ingest import ingest_inputs

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "src/parallax/schemas/analysis.schema.json").read_text()
)
RELATED = (
    "Pentagon orders 3,000 more troops to Poland and Romania\n\n"
    "The Pentagon said on Wednesday it would send about 3,000 more US troops to Poland and "
    "Romania, on top of the 8,500 already on heightened alert, as Russia kept more than "
    "100,000 troops near Ukraine's border.\n\n"
    "A Pentagon spokesman said the troops would not fight in Ukraine. Moscow called the "
    "deployment destructive and said it raised tensions in Europe."
)


def test_every_story_page_and_article_has_its_json(database: Database) -> None:
    ingest_inputs(database, [str(EXAMPLE)])
    with client(database) as http:
        [listed] = http.get("/api/stories").json()
        key = listed["key"]
        assert listed["article_count"] == 5 and listed["analysed"]
        assert "DW" in listed["sources"] and listed["divergence_count"] > 0
        story = http.get(f"/api/stories/{key}").json()
        analysis = http.get(f"/api/stories/{key}/analysis").json()
        jsonschema.validate(analysis, SCHEMA)
        assert story["analysis"] == analysis
        assert len(analysis["divergences"]) == listed["divergence_count"]
        labels = {item["label"]: item["key"] for item in story["articles"]}
        assert sorted(labels) == sorted(a["id"] for a in analysis["articles"])

        cited = {(e["article"], e["start"], e["end"], e["text"])
                 for d in analysis["divergences"] for p in d["positions"] for e in p["evidence"]}
        for label, article_key in labels.items():
            found = http.get(f"/api/articles/{article_key}").json()
            text = found["article"]["text"]
            assert found["stories"] == [{"key": key, "title": listed["title"], "label": label}]
            spans = {(h["start"], h["end"]) for h in found["highlights"]}
            for article, start, end, quoted in cited:
                if article == label:
                    assert text[start:end] == quoted and (start, end) in spans

        page = http.get(f"/stories/{key}").text
        for divergence in analysis["divergences"]:
            assert _escaped(divergence["question"]) in page
        links = re.findall(r'href="(/articles/[0-9a-f]{16}\?story=[^"]+)"', page)
        assert links, "every piece of evidence links into its article"
        article_page = http.get(links[0].replace("&amp;", "&"))
        assert article_page.status_code == 200 and 'id="focus"' in article_page.text

        assert [s["key"] for s in http.get("/api/stories", params={"q": "Pentagon"}).json()]
        assert http.get("/api/stories", params={"q": "zebra crossing"}).json() == []
        assert len(http.get("/api/stories", params={"outlet": "dw"}).json()) == 1
        assert "DW" in http.get("/api/outlets").json()


def test_unknown_and_malformed_keys_are_not_found(database: Database) -> None:
    with client(database) as http:
        for path in ("/api/stories/0123456789abcdef", "/api/stories/nope",
                     "/api/stories/0123456789abcdef/analysis", "/api/articles/0123456789abcdef",
                     "/api/jobs/999", "/stories/0123456789abcdef", "/articles/xyz",
                     "/jobs/999"):
            answer = http.get(path)
            assert answer.status_code == 404, path
        assert "There is no story" in http.get("/stories/0123456789abcdef").text
        assert http.get("/api/jobs/not-a-number").status_code == 422


def test_api_is_documented_offline(database: Database) -> None:
    with client(database) as http:
        paths = http.get("/openapi.json").json()["paths"]
        docs = http.get("/docs").text
        script = http.get("/swagger/swagger-ui-bundle.js")
    assert {"/api/stories", "/api/stories/{key}", "/api/stories/{key}/analysis",
            "/api/articles/{key}", "/api/ingest", "/api/jobs/{job}"} <= set(paths)
    assert "/stories/{key}" not in paths  # pages are not part of the API
    assert "/swagger/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert not re.search(r'(src|href)="https?://', docs)
    assert script.status_code == 200


def test_added_article_joins_its_story_and_adding_it_again_changes_nothing(
    database: Database,
) -> None:
    ingest_inputs(database, [str(EXAMPLE)])
    with client(database) as http:
        [before] = http.get("/api/stories").json()
        answer = http.post("/api/ingest", data={"text": RELATED})
        assert answer.status_code == 202
        job = wait_for_job(http, answer.json()["job"])
        assert job["status"] == "done", job
        [after] = http.get("/api/stories").json()
        assert after["key"] != before["key"] and job["stories"] == [after["key"]]
        assert after["article_count"] == 6
        assert http.get(f"/api/stories/{before['key']}").status_code == 404
        refs = [a["ref"] for a in http.get(f"/api/stories/{after['key']}").json()["articles"]]
        assert "upload:pasted.txt" in refs

        again = wait_for_job(http, http.post("/api/ingest", data={"text": RELATED}).json()["job"])
        assert again["status"] == "done" and again["stories"] == [after["key"]]
        assert any("already stored" in warning for warning in again["warnings"])
        assert [s["key"] for s in http.get("/api/stories").json()] == [after["key"]]
        assert "done" in http.get(f"/jobs/{job['id']}").text


def test_the_add_form_queues_an_ingest_and_shows_its_job(database: Database) -> None:
    with client(database) as http:
        form = http.get("/add")
        answer = http.post("/add", data={"text": RELATED})
        assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text
        assert answer.status_code == 303
        job = int(answer.headers["location"].rsplit("/", 1)[1])
        assert wait_for_job(http, job)["status"] == "done"
        [story] = http.get("/api/stories").json()
    assert story["article_count"] == 1 and not story["analysed"]


def _escaped(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))
