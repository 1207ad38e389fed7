"""The web app against hostile input: markup in articles, oversized or too many uploads,
paths in parameters and file names, URLs aimed at this machine, failing analyses, requests
from other sites or naming other hosts, a damaged database, and clients that never finish."""

from __future__ import annotations

import html
import http.server
import json
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from typer.testing import CliRunner
from webtools import FORGED, client, jobs_queued, running, wait_for_job

from parallax.cli import app as cli
from parallax.store import queries
from parallax.store.database import Database
from parallax.store.ingest import ingest_inputs
from parallax.web.app import WebSettings, create_app
from parallax.web.serving import TimedH11Protocol, Timeouts
from parallax.web.submissions import SubmissionLimits, safe_name

SCRIPT = "<script>window.__pwned = 1</script>"
IMAGE = '<img src=x onerror="window.__pwned = 1">'

# Two invented reports of one event, with markup where a hostile page would put it.
HOSTILE = {
    "first.txt": (
        f"Dam spillway opened after heavy rain {SCRIPT}\n\n"
        f"Engineers opened the spillway of the Karsten dam on Monday after three days of heavy "
        "rain raised the reservoir to 96 percent of capacity, the water authority said. "
        f"{IMAGE}\n\n"
        "About 1,200 residents downstream were told to move to higher ground, the authority "
        "said, and two schools were closed for the day.\n\n"
        "The authority said the water level would fall within a week if the rain stopped."
    ),
    "second.txt": (
        f"Karsten dam releases water as reservoir nears capacity {IMAGE}\n\n"
        "The water authority opened the Karsten dam spillway on Monday as the reservoir reached "
        f"97 percent of capacity after days of rain. {SCRIPT}\n\n"
        "Around 1,500 people living below the dam were asked to leave their homes, officials "
        "said, and local schools stayed shut.\n\n"
        "Officials expect the level to drop within a week."
    ),
}


@pytest.fixture(scope="module")
def hostile_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, text in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "hostile.db"
    ingest_inputs(Database(str(path)), [str(folder / name) for name in HOSTILE])
    return path


def test_article_markup_is_shown_as_text_on_every_page(hostile_sqlite: Path) -> None:
    database = Database(str(hostile_sqlite))
    [story] = queries.list_stories(database)
    assert story.article_count == 2 and story.analysed
    view = queries.story(database, story.key)
    with client(database) as http:
        pages = {
            "list": http.get("/").text,
            "search": http.get("/", params={"q": "<script>"}).text,
            "story": http.get(f"/stories/{story.key}").text,
            **{f"article {k}": http.get(f"/articles/{k}").text
               for k in view.article_keys.values()},
        }
    for name, page in pages.items():
        assert "<script>window" not in page, name
        assert "<img src=x" not in page, name
        assert 'onerror="window' not in page, name
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in pages["story"]
    for key in view.article_keys.values():
        assert "&lt;img src=x onerror=" in pages[f"article {key}"]


def test_an_articles_url_is_a_link_only_when_it_is_http(tmp_path: Path) -> None:
    """Where each article was published links out from the story page and the reader;
    a `javascript:` URL from a hostile feed is never a link."""
    web = "https://water.example/2024/03/04/karsten-dam/?from=feed&id=7"
    feed = tmp_path / "feed.jsonl"
    urls = [web, f"javascript:{SCRIPT}"]
    feed.write_text("".join(
        json.dumps({"id": f"r{n}", "url": url, "text": text}) + "\n"
        for n, (url, text) in enumerate(zip(urls, HOSTILE.values(), strict=True))
    ))
    database = Database(str(tmp_path / "feed.db"))
    ingest_inputs(database, [str(feed)])
    [story] = queries.list_stories(database)
    view = queries.story(database, story.key)
    keys = {item["url"]: item["key"] for item in view.articles}
    with client(database) as http:
        story_page = http.get(f"/stories/{story.key}").text
        linked = http.get(f"/articles/{keys[web]}").text
        unlinked = http.get(f"/articles/{keys[f'javascript:{SCRIPT}']}").text
    link = f'<a class="original" href="{escape(web)}"'
    assert story_page.count(link) == 2  # the articles table and the list to read them
    assert link in linked and "(read from its URL)" in linked
    for page in (story_page, linked, unlinked):
        assert 'href="javascript' not in page and SCRIPT not in page
    assert '<a class="original"' not in unlinked


def test_json_api_returns_article_text_unchanged(hostile_sqlite: Path) -> None:
    database = Database(str(hostile_sqlite))
    [story] = queries.list_stories(database)
    key = queries.story(database, story.key).article_keys["a1"]
    with client(database) as http:
        text = http.get(f"/api/articles/{key}").json()["article"]["text"]
    assert SCRIPT in text or IMAGE in text


def test_serve_listens_on_loopback_unless_told(monkeypatch, tmp_path: Path) -> None:
    import uvicorn

    seen = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.append(options))
    db = str(tmp_path / "x.db")
    assert CliRunner().invoke(cli, ["serve", "--db", db]).exit_code == 0
    assert CliRunner().invoke(cli, ["serve", "--db", db, "--host", "0.0.0.0"]).exit_code == 0
    assert [options["host"] for options in seen] == ["127.0.0.1", "0.0.0.0"]


SMALL = SubmissionLimits(max_files=2, max_file_bytes=2_000, max_urls=2, max_text_chars=5_000)


def test_too_many_files_are_refused_before_any_work(tmp_path: Path) -> None:
    files = [("files", (f"a{n}.txt", b"Some words.", "text/plain")) for n in range(3)]
    with client(Database(str(tmp_path / "x.db")), WebSettings(limits=SMALL)) as http:
        answer = http.post("/api/ingest", files=files)
        page = http.post("/add", files=files)
    assert answer.status_code == 422 and "too many files: 3" in answer.json()["detail"]
    assert page.status_code == 422 and "too many files" in page.text


def test_a_file_over_the_limit_is_refused_by_name(tmp_path: Path) -> None:
    files = [("files", ("big.txt", b"word " * 500, "text/plain"))]
    with client(Database(str(tmp_path / "x.db")), WebSettings(limits=SMALL)) as http:
        answer = http.post("/api/ingest", files=files)
    assert answer.status_code == 422
    assert "big.txt: file too large" in answer.json()["detail"]


def test_too_many_urls_and_too_long_text_are_refused(tmp_path: Path) -> None:
    with client(Database(str(tmp_path / "x.db")), WebSettings(limits=SMALL)) as http:
        urls = http.post("/api/ingest", data={"urls": "https://a.example/1\n" * 3})
        text = http.post("/api/ingest", data={"text": "word " * 2_000})
        nothing = http.post("/api/ingest", data={"text": "  "})
    assert urls.status_code == 422 and "too many URLs" in urls.json()["detail"]
    assert text.status_code == 422 and "too long" in text.json()["detail"]
    assert nothing.status_code == 422 and "nothing to add" in nothing.json()["detail"]


def test_oversized_bodies_are_cut_off_declared_or_streamed(tmp_path: Path) -> None:
    limit = SMALL.max_request_bytes
    with client(Database(str(tmp_path / "x.db")), WebSettings(limits=SMALL)) as http:
        declared = http.post("/api/ingest", content=b"x" * (limit + 1),
                             headers={"content-type": "multipart/form-data; boundary=b"})

        def chunks() -> Iterator[bytes]:  # a well-formed upload that never says its size
            yield (b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n'
                   b"Content-Type: text/plain\r\n\r\n")
            for _ in range(limit // 10_000 + 2):
                yield b"y" * 10_000
            yield b"\r\n--b--\r\n"

        streamed = http.post("/api/ingest", content=chunks(),
                             headers={"content-type": "multipart/form-data; boundary=b"})
    assert declared.status_code == 413
    assert streamed.status_code == 413
    assert "request too large" in streamed.text


@pytest.mark.parametrize("path", [
    "/articles/..%2F..%2F..%2Fetc%2Fpasswd",
    "/articles/../../etc/passwd",
    "/stories/%2E%2E%2Fparallax.db",
    "/static/..%2F..%2Fstore%2Fdatabase.py",
    "/static/../cli.py",
    "/swagger/..%2F__init__.py",
    "/api/articles/..%2F..%2Fetc%2Fpasswd",
    "/api/stories/0123456789abcdef%2F..",
])
def test_no_parameter_reaches_outside_the_store(path: str, tmp_path: Path) -> None:
    with client(Database(str(tmp_path / "x.db"))) as http:
        answer = http.get(path)
    assert answer.status_code == 404
    assert "root:" not in answer.text and "import" not in answer.text


def test_uploaded_file_names_cannot_choose_where_files_go() -> None:
    assert safe_name("../../etc/cron.d/evil.txt") == "evil.txt"
    assert safe_name("..\\..\\windows\\evil.html") == "evil.html"
    assert safe_name("...") == "file"
    assert "/" not in safe_name("a/b/c") and not safe_name(".hidden").startswith(".")


def test_an_upload_named_with_a_path_is_stored_under_its_plain_name(tmp_path: Path) -> None:
    text = HOSTILE["first.txt"].encode()
    target = tmp_path / "escaped.txt"
    name = f"../../../../../../{target}"
    with client(Database(str(tmp_path / "x.db"))) as http:
        answer = http.post("/api/ingest", files=[("files", (name, text, "text/plain"))])
        job = wait_for_job(http, answer.json()["job"])
    assert not target.exists()
    assert job["inputs"] == ["upload:01-escaped.txt"]


@pytest.fixture
def local_site() -> Iterator[tuple[str, list[str]]]:
    """A web server on this machine, counting what it is asked for."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = HOSTILE["first.txt"].encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/article", asked
    server.shutdown()


def test_urls_on_this_machine_are_refused_unless_allowed(local_site, tmp_path: Path) -> None:
    url, asked = local_site
    with client(Database(str(tmp_path / "x.db"))) as http:
        refused = http.post("/api/ingest", data={"urls": url})
        page = http.post("/add", data={"urls": "http://169.254.169.254/latest/meta-data"})
    assert refused.status_code == 422 and "loopback" in refused.json()["detail"]
    assert page.status_code == 422 and "link-local" in page.text
    assert asked == []
    allowed = WebSettings(allow_private_urls=True)
    with client(Database(str(tmp_path / "y.db")), allowed) as http:
        job = wait_for_job(http, http.post("/api/ingest", data={"urls": url}).json()["job"])
    assert job["status"] == "done" and asked == ["/article"]


def test_a_failed_analysis_leaves_the_store_as_it_was(example_db, monkeypatch) -> None:
    import parallax.compare.analyze as analyze

    before = {s.key: queries.story(example_db, s.key).analysis
              for s in queries.list_stories(example_db)}

    def broken(*args, **kwargs):
        raise RuntimeError("the encoder ran out of memory")

    monkeypatch.setattr(analyze, "compare_annotated", broken)
    related = (
        "US sends more troops to Poland\n\n"
        "The Pentagon said on Wednesday it would send 3,000 more US troops to Poland and "
        "Romania, adding to the 8,500 already on alert, as Russia kept about 100,000 troops "
        "near Ukraine's border.\n\nThe Kremlin said the move raised tensions."
    )
    with client(example_db) as http:
        job = wait_for_job(http, http.post("/api/ingest", data={"text": related}).json()["job"])
    assert job["status"] == "failed" and "ran out of memory" in job["error"]
    after = {s.key: queries.story(example_db, s.key).analysis
             for s in queries.list_stories(example_db)}
    assert after == before
    with client(example_db) as http:
        assert "ran out of memory" in http.get(f"/jobs/{job['id']}").text


def test_concurrent_submissions_store_each_article_once(example_db) -> None:
    texts = [
        "Ferry service resumes on the northern route\n\nThe island ferry resumed its northern "
        "route on Friday after a month of repairs to the harbour ramp, the operator said. "
        "About 400 passengers travelled on the first day.",
        "Northern ferry route back after ramp repairs\n\nFerries returned to the northern "
        "route on Friday, a month after the harbour ramp was closed for repairs, the operator "
        "said, with some 450 passengers on the first crossings.",
    ]
    with client(example_db) as http:
        results: list[dict] = []

        def post(text: str) -> None:
            results.append(http.post("/api/ingest", data={"text": text}).json())

        threads = [threading.Thread(target=post, args=(t,)) for t in texts * 2]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        jobs = [wait_for_job(http, answer["job"]) for answer in results]
    assert [job["status"] for job in jobs] == ["done"] * 4
    stories = queries.list_stories(example_db)
    assert sum(story.article_count for story in stories) == 5 + 2
    assert sum("already stored" in w for job in jobs for w in job["warnings"]) == 2


def test_a_request_naming_another_host_is_refused(example_db: Database) -> None:
    """What a DNS-rebinding page sends (its own name, now resolving to this machine) is
    refused before any route runs, reads and writes alike."""
    stories = [s.key for s in queries.list_stories(example_db)]
    with client(example_db) as http:
        for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example"):
            answer = http.get("/api/stories", headers={"host": host})
            assert answer.status_code == 400, host
            assert f"does not answer to the host {host!r}" in answer.text
            assert "--allowed-host" in answer.text
        posted = http.post("/api/ingest", data={"text": FORGED}, headers={"host": "evil.example"})
        assert posted.status_code == 400
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST"):
            assert http.get("/api/stories", headers={"host": host}).status_code == 200, host
    assert jobs_queued(example_db) == 0
    assert [s.key for s in queries.list_stories(example_db)] == stories


def test_serve_answers_to_its_own_host_and_the_names_it_is_given(
    monkeypatch, tmp_path: Path
) -> None:
    import uvicorn

    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append((app, options)))
    db = str(tmp_path / "x.db")
    given = ["serve", "--db", db, "--host", "0.0.0.0", "--allowed-host", "parallax.team.example"]
    assert CliRunner().invoke(cli, given).exit_code == 0
    [(app, options)] = served
    assert issubclass(options["http"], TimedH11Protocol)
    with TestClient(app, base_url="http://parallax.team.example") as http:
        assert http.get("/api/stories").status_code == 200
        assert http.get("/api/stories", headers={"host": "0.0.0.0:8000"}).status_code == 400
        assert http.get("/api/stories", headers={"host": "evil.example"}).status_code == 400
    refused = CliRunner().invoke(cli, ["serve", "--db", db, "--allowed-host", "a b/c"])
    assert refused.exit_code == 2 and "'a b/c' is not a host name" in refused.output


@pytest.mark.parametrize("headers", [
    {"origin": "http://evil.example"},
    {"origin": "null"},  # a page that sends no referrer
    {"origin": "http://127.0.0.1:9999"},  # same machine, another port: another origin
    {"referer": "http://evil.example/page.html"},
    {"sec-fetch-site": "cross-site", "origin": "http://evil.example"},
    {"sec-fetch-site": "same-site", "origin": "http://localhost:9999"},
])
def test_writes_sent_from_another_site_are_refused(example_db: Database, headers) -> None:
    with client(example_db) as http:
        for path in ("/add", "/api/ingest"):
            answer = http.post(path, data={"text": FORGED}, headers=headers)
            assert answer.status_code == 403, (path, answer.text)
            assert answer.text.startswith("refused: sent from ")
            assert "not from this app's own pages" in answer.text
    assert jobs_queued(example_db) == 0


@pytest.mark.parametrize("headers", [
    {"origin": "http://127.0.0.1:8000", "sec-fetch-site": "same-origin"},
    {"origin": "http://127.0.0.1:8000"},  # a browser without Sec-Fetch-Site
    {"referer": "http://127.0.0.1:8000/add"},
    {},  # not a browser: curl, a script
])
def test_writes_from_the_app_itself_or_from_scripts_are_taken(tmp_path: Path, headers) -> None:
    with client(Database(str(tmp_path / "x.db"))) as http:
        for path in ("/add", "/api/ingest"):
            answer = http.post(path, data={"text": " "}, headers=headers)
            assert answer.status_code == 422 and "nothing to add" in answer.text, path


def test_every_answer_carries_the_security_headers(tmp_path: Path) -> None:
    with client(Database(str(tmp_path / "x.db")), WebSettings(limits=SMALL)) as http:
        answers = [http.get("/"), http.get("/docs"), http.get("/api/stories"),
                   http.get("/static/job.js"), http.get("/stories/0123456789abcdef"),
                   http.get("/", headers={"host": "evil.example"}),
                   http.post("/add", headers={"origin": "null"}),
                   http.post("/api/ingest", content=b"x" * (SMALL.max_request_bytes + 1))]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 404, 400, 403, 413]
    for answer in answers:
        policy = answer.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self';" in policy
        assert "frame-ancestors 'none'" in policy
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "same-origin"


def test_the_api_docs_load_nothing_from_elsewhere_and_run_no_inline_script(
    tmp_path: Path,
) -> None:
    with client(Database(str(tmp_path / "x.db"))) as http:
        docs = http.get("/docs").text
        bundle_demo = [http.get(f"/swagger/{name}").status_code
                       for name in ("index.html", "swagger-initializer.js", "oauth2-redirect.html")]
        used = [http.get(path).status_code for path in re.findall(r'(?:src|href)="([^"]+)"', docs)]
    assert bundle_demo == [404, 404, 404]  # the bundle's demo page fetches petstore.swagger.io
    assert used == [200] * 4
    assert re.findall(r"<script[^>]*>", docs) == [
        '<script src="/swagger/swagger-ui-bundle.js">', '<script src="/static/docs.js">']


@pytest.mark.parametrize("job", ["99999999999999999999999", "2147483648", "0", "-1"])
def test_a_job_number_out_of_range_is_not_found(tmp_path: Path, job: str) -> None:
    with client(Database(str(tmp_path / "x.db"))) as http:
        answer = http.get(f"/api/jobs/{job}")
        page = http.get(f"/jobs/{job}")
    assert answer.status_code == 404 and answer.json()["detail"] == f"no job {int(job)}"
    assert page.status_code == 404 and "There is no ingest job" in page.text


def _flip_bit(database: Database, table: str, column: str, where: str, find: bytes,
              bit: int) -> None:
    """Flip one bit of one stored value (of the first byte of `find` in it), as a failing
    disk would."""
    with database.engine.begin() as connection:
        raw = connection.exec_driver_sql(
            f"SELECT CAST({column} AS BLOB) FROM {table} WHERE {where}").scalar_one()
        at = raw.index(find)
        flipped = raw[:at] + bytes([raw[at] ^ bit]) + raw[at + 1:]
        connection.exec_driver_sql(
            f"UPDATE {table} SET {column} = CAST(? AS TEXT) WHERE {where}", (flipped,))


@pytest.mark.parametrize(("table", "column", "find", "bit", "reason", "pages"), [
    # "troops" -> "\xf4roops": not UTF-8 any more
    ("articles", "text", b"troops", 0x80, "Could not decode to UTF-8 column 'text'",
     ["/articles/{article}", "/api/articles/{article}", "/stories/{story}"]),
    ("articles", "removed", b"[", 0x01, "a stored JSON value does not parse",
     ["/articles/{article}", "/api/articles/{article}"]),
    ("stories", "analysis", b'"', 0x01, "a stored JSON value does not parse",
     ["/", "/api/stories", "/stories/{story}", "/api/stories/{story}", "/articles/{article}"]),
    # "divergences" -> "dhvergences": still JSON, without a key every analysis has
    ("stories", "analysis", b'ivergences":', 0x01,
     "a stored record lacks what the page shows: 'dict object' has no attribute 'divergences'",
     ["/stories/{story}"]),
])
def test_a_damaged_record_is_named_not_a_traceback(
    example_db: Database, caplog, table, column, find, bit, reason, pages
) -> None:
    [story] = queries.list_stories(example_db)
    article = queries.story(example_db, story.key).article_keys["a1"]
    key = article if table == "articles" else story.key
    _flip_bit(example_db, table, column, f"key = '{key}'", find, bit)
    with client(example_db) as http:  # a traceback would be raised here
        for path in (p.format(story=story.key, article=article) for p in pages):
            answer = http.get(path)
            assert answer.status_code == 500, path
            assert f"{path}: the database could not be read ({reason}" in html.unescape(
                answer.text), path
            assert "it may be damaged" in answer.text
    assert not [record for record in caplog.records if record.exc_info]


def test_an_empty_database_file_is_refused_not_initialised(monkeypatch, tmp_path: Path) -> None:
    import uvicorn

    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append(app))
    empty = tmp_path / "stories.db"
    empty.touch()
    answer = CliRunner().invoke(cli, ["serve", "--db", str(empty)])
    assert served == [] and answer.exit_code == 2
    assert "the file is empty (0 bytes), not a database" in " ".join(answer.output.split())
    assert empty.stat().st_size == 0


def _exchange(url: str, request: bytes) -> bytes:
    """Send `request` (perhaps unfinished) and read until the server closes the connection."""
    parts = urlsplit(url)
    received = b""
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as connection:
        connection.sendall(request)
        while chunk := connection.recv(4096):
            received += chunk
    return received


def test_a_client_that_never_finishes_its_request_is_cut_off(tmp_path: Path) -> None:
    """A request head or body left unfinished gets a 408 and the connection closes (with
    uvicorn's defaults it was held open for as long as the client liked); a whole request
    on the same server is answered as usual."""
    quick = Timeouts(head=0.5, body_pause=0.5)
    with running(create_app(Database(str(tmp_path / "x.db"))), quick) as url:
        host = urlsplit(url).netloc.encode()
        head = _exchange(url, b"GET / HTTP/1.1\r\nHost: " + host + b"\r\nAccept: text/")
        body = _exchange(url, b"POST /api/ingest HTTP/1.1\r\nHost: " + host + b"\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\n"
                         b"Content-Length: 100\r\n\r\ntext=The%20harbour")
        whole = _exchange(url, b"GET /api/outlets HTTP/1.1\r\nHost: " + host + b"\r\n"
                          b"Connection: close\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 ")
    assert head.endswith(b"request timeout: the request head did not arrive within 0.5 s\n")
    assert body.startswith(b"HTTP/1.1 408 ")
    assert body.endswith(b"the rest of the request body did not arrive within 0.5 s\n")
    assert whole.startswith(b"HTTP/1.1 200 ") and whole.endswith(b"[]")
