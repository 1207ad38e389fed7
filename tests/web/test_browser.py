"""The web app in a real browser (Chromium driven by Playwright): the pages a reader uses,
following evidence into its article, adding an article through the form, and escaping.

One server for the module: a temporary SQLite store holding the troops-in-Europe example and
two hostile articles, served by uvicorn on a free local port. Set PARALLAX_SCREENSHOTS to a
folder to keep full-page screenshots of the main pages.
"""

from __future__ import annotations

import html
import http.server
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} to drive", allow_module_level=True)
playwright_sync = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")

from playwright.sync_api import Browser, Page, expect  # noqa: E402
from webtools import FORGED, jobs_queued, running  # noqa: E402

from parallax.model import Article  # noqa: E402
from parallax.report.render import story_context  # noqa: E402
from parallax.store import queries  # noqa: E402
from parallax.store.database import Database  # noqa: E402
from parallax.store.ingest import ingest_articles, ingest_inputs  # noqa: E402
from parallax.web.app import create_app  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
FOREIGN = "evil.example"
EXAMPLE = REPO / "examples" / "troops-europe-2022"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    # Another site, on this machine: the name a hostile page (and a DNS-rebinding one) has.
    f"--host-resolver-rules=MAP {FOREIGN} 127.0.0.1",
]
SHOTS = os.environ.get("PARALLAX_SCREENSHOTS")
JOB_TIMEOUT_MS = 120_000

SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src=x onerror="window.__pwned=1">'
HOSTILE_TITLE = f"Harbour bridge {SCRIPT} reopens {IMAGE}"
# Written for these tests: two outlets reporting one invented event, payloads in title and text.
HOSTILE = [
    Article(
        id="", ref="test:hostile-1", source="Harbour Herald", title=HOSTILE_TITLE,
        published="2023-03-12", published_from="metadata",
        text=(
            f"The harbour bridge {SCRIPT} reopened to traffic on Sunday after a three-week "
            "repair that cost the city about 4 million euros, officials said.\n\n"
            f"Engineers replaced two corroded cables {IMAGE} and resurfaced the eastern "
            "lane, according to the transport department.\n\n"
            f"\"We could not take any risk with the cables {SCRIPT},\" the city's chief "
            "engineer said at a news conference on the bridge."
        ),
    ),
    Article(
        id="", ref="test:hostile-2", source="Coastal Courier", title=f"Bridge repair {SCRIPT} ends",
        published="2023-03-13", published_from="metadata",
        text=(
            f"The harbour bridge {IMAGE} reopened on Sunday after a repair that cost the city "
            "5 million euros, the mayor said.\n\n"
            f"Engineers replaced three corroded cables {SCRIPT} during the three-week "
            "closure, the transport department said.\n\n"
            "Traffic had been diverted through the old town during the works."
        ),
    ),
]
# Written for these tests: a short invented report that belongs with the example story.
PASTED = "\n".join([
    "Pentagon sends 3,000 more troops to Poland and Romania",
    "",
    "The Pentagon said on Wednesday it would send about 3,000 more US troops to Poland and "
    "Romania to reassure NATO allies on the alliance's eastern flank as Russia masses forces "
    "near Ukraine.",
    "",
    "Around 2,000 soldiers will deploy from Fort Bragg in North Carolina to Poland and Germany, "
    "while 1,000 troops already stationed in Germany will move to Romania, Pentagon press "
    "secretary John Kirby told reporters.",
    "",
    "\"These are not permanent moves,\" Kirby said, adding that the troops would not fight in "
    "Ukraine. Russia called the deployment destructive and said it would raise tensions.",
])


@dataclass
class Site:
    url: str
    db: Database
    example_article: str  # the key of one article of the example story
    hostile_story: str

    @property
    def story(self) -> str:
        """The example story's key now (adding an article to the story gives it a new key)."""
        view = queries.article(self.db, self.example_article)
        assert view is not None and len(view.stories) == 1
        return view.stories[0]["key"]

    def article_with_removed_lines(self) -> str:
        view = queries.story(self.db, self.story)
        assert view is not None
        for item in view.articles:
            found = queries.article(self.db, item["key"])
            if found is not None and found.record["removed"]:
                return item["key"]
        raise AssertionError("no example article had site junk removed")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    db = Database(str(tmp_path_factory.mktemp("browser") / "parallax.db"))
    example = ingest_inputs(db, [str(EXAMPLE)])
    hostile = ingest_articles(db, HOSTILE)
    assert len(example.stories) == 1 and len(hostile.stories) == 1, (example, hostile)
    members = queries.story(db, example.stories[0])
    assert members is not None
    try:
        with running(create_app(db)) as url:
            yield Site(url, db, members.articles[0]["key"], hostile.stories[0])
    finally:
        db.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with playwright_sync.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def shoot(page: Page, name: str, full_page: bool = True) -> None:
    """Keep a screenshot of the page when PARALLAX_SCREENSHOTS names a folder."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page,
                    animations="disabled")


def story_row(page: Page, key: str):
    return page.locator("table.stories tbody tr").filter(
        has=page.locator(f'a[href="/stories/{key}"]')
    )


def test_stories_list_search_and_outlet_filter(page: Page, site: Site) -> None:
    listing = next(s for s in queries.list_stories(site.db) if s.key == site.story)
    assert listing.article_count >= 5 and listing.divergence_count > 0  # 5 in the example
    page.goto(site.url + "/")
    row = story_row(page, site.story)
    expect(row).to_have_count(1)
    expect(row.locator("td.num")).to_have_text(re.compile(rf"^{listing.article_count}\b"))
    expect(row.locator("td.divergences .count")).to_have_text(str(listing.divergence_count))
    expect(row.locator("td.title a")).to_have_text(listing.title or "Untitled story")
    shoot(page, "stories")

    page.get_by_label("Search words").fill("Pentagon")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=Pentagon"))
    expect(story_row(page, site.story)).to_have_count(1)
    expect(story_row(page, site.hostile_story)).to_have_count(0)

    page.get_by_label("Search words").fill("zqxjvwk")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=zqxjvwk"))
    expect(page.locator("section.empty")).to_contain_text("No story matches “zqxjvwk”")
    expect(page.locator("table.stories")).to_have_count(0)

    page.goto(site.url + "/")
    outlet = next(s for s in listing.sources if s)
    page.get_by_label("Outlet").select_option(outlet)
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"outlet="))
    expect(story_row(page, site.story)).to_have_count(1)
    expect(story_row(page, site.hostile_story)).to_have_count(0)
    page.get_by_label("Outlet").select_option("Harbour Herald")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"outlet=Harbour"))
    expect(story_row(page, site.story)).to_have_count(0)
    expect(story_row(page, site.hostile_story)).to_have_count(1)


def test_evidence_opens_in_its_article_at_the_quote(page: Page, site: Site) -> None:
    page.goto(site.url + "/")
    page.locator(f'a[href="/stories/{site.story}"]').click()
    page.wait_for_url(f"**/stories/{site.story}")
    view = queries.story(site.db, site.story)
    assert view is not None
    outlets = [outlet.name for outlet in story_context(view.analysis, {})["outlets"]]
    grid = page.locator("table.grid.divergences")
    expect(grid.locator("thead th.outlet")).to_have_text(outlets)  # one column per outlet
    expect(grid.locator("tbody tr")).to_have_count(len(view.analysis["divergences"]))
    shoot(page, "story")

    evidence = grid.locator("details.ev").first
    quote = evidence.locator("blockquote")
    expect(quote).to_be_hidden()
    evidence.locator("summary").click()
    expect(evidence).to_have_attribute("open", "")
    expect(quote).to_be_visible()
    shown = quote.locator("mark").text_content()
    assert shown and shown.strip()
    texts = {e["text"] for d in view.analysis["divergences"] for p in d["positions"]
             for e in p["evidence"]}
    assert shown in texts  # the page shows the evidence verbatim

    evidence.get_by_role("link", name="open in the article").click()
    page.wait_for_url(re.compile(r"/articles/\w+\?story=.*&at=\d+-\d+#focus$"))
    focus = page.locator("#focus")
    expect(focus).to_be_visible()
    expect(focus).to_be_in_viewport()
    expect(focus).to_have_class(re.compile(r"\bfocus\b"))
    assert "".join(page.locator(".body mark.cited.focus").all_text_contents()) == shown
    # The mark followed stands out from the other cited sentences.
    styles = page.evaluate("""() => {
        const look = (el) => { const s = getComputedStyle(el);
            return [s.backgroundColor, s.outlineStyle, s.boxShadow].join(' | '); };
        const other = document.querySelector(".body mark.cited:not(.focus)");
        return [look(document.querySelector('#focus')), other && look(other)];
    }""")
    assert styles[1] is None or styles[0] != styles[1], styles
    shoot(page, "article")
    shoot(page, "article-focus", full_page=False)


def test_removed_site_junk_is_folded_away(page: Page, site: Site) -> None:
    key = site.article_with_removed_lines()
    removed = queries.article(site.db, key).record["removed"]
    page.goto(f"{site.url}/articles/{key}")
    junk = page.locator("details.removed")
    assert junk.evaluate("details => details.open") is False
    rows = junk.locator("tbody tr")
    expect(rows.first).to_be_hidden()
    junk.locator("summary").click()
    expect(junk).to_have_attribute("open", "")
    expect(rows).to_have_count(len(removed))
    expect(rows.first).to_be_visible()
    expect(rows.first.locator("td").last).to_have_text(removed[0]["text"].strip())


def test_hostile_text_is_shown_not_run(page: Page, site: Site) -> None:
    view = queries.story(site.db, site.hostile_story)
    assert view is not None and view.analysis is not None
    pages = [f"/stories/{site.hostile_story}",
             *(f"/articles/{item['key']}?story={site.hostile_story}" for item in view.articles),
             "/?q=harbour"]
    for path in pages:
        page.goto(site.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        expect(page.locator("main img")).to_have_count(0)
        expect(page.locator("main script")).to_have_count(0)
        expect(page.get_by_text(SCRIPT).first).to_be_visible()
    page.goto(f"{site.url}/articles/{view.articles[0]['key']}")
    expect(page.locator("article.reader h1")).to_have_text(view.articles[0]["title"])


def test_empty_form_says_what_is_missing(page: Page, site: Site) -> None:
    page.goto(site.url + "/add")
    page.get_by_role("button", name="Add and analyse").click()
    expect(page.get_by_role("alert")).to_contain_text("nothing to add")
    expect(page.locator("form.add")).to_be_visible()
    shoot(page, "add-error")


def test_add_an_article_through_the_form(page: Page, site: Site) -> None:
    # The new article joins the example story, which gets a new key (Site.story follows it).
    page.goto(site.url + "/add")
    page.get_by_label("Paste an article").fill(PASTED)
    page.get_by_role("button", name="Add and analyse").click()
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    expect(page.locator(".job")).to_be_visible()
    expect(page.locator('.job[data-status="done"]')).to_have_count(1, timeout=JOB_TIMEOUT_MS)
    outcome = page.locator(".outcome")
    expect(outcome).to_be_visible()
    link = outcome.locator("ul.stories-done a").first
    expect(link).to_be_visible()
    expect(link).not_to_have_text(re.compile(r"^story "))  # the story's title came in
    shoot(page, "job")
    link.click()
    page.wait_for_url(re.compile(r"/stories/\w+$"))
    title = PASTED.splitlines()[0]
    article = page.locator("#read .article-links a", has_text=title)
    expect(article).to_have_count(1)
    expect(page.locator("table.articles")).to_contain_text(title)
    article.click()
    expect(page.locator("article.reader h1")).to_have_text(title)


def test_the_story_page_shows_the_fact_grid(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/stories/{site.story}")
    view = queries.story(site.db, site.story)
    assert view is not None
    facts = view.analysis["facts"]
    grid = page.locator("table.grid.facts")
    expect(grid.locator("tbody tr")).to_have_count(len(facts))
    stated = sum(status == "states" for fact in facts for status in fact["status"].values())
    assert stated >= len(facts)  # every fact is stated by at least one article
    expect(grid.locator("td.fact-states .mark").first).to_have_text("✓")
    shoot(page, "facts")


# A hostile page: it posts an article to the app as soon as it is opened, with a form (with
# or without a referrer) and with fetch(), as any site the reader visits could.
HOSTILE_PAGES = {
    "/form": """<!DOCTYPE html><html><head><meta name="referrer" content="{referrer}"></head>
<body><form method="post" action="{app}/add" enctype="multipart/form-data">
<textarea name="text">{forged}</textarea></form>
<script>document.forms[0].submit()</script></body></html>""",
    "/fetch": """<!DOCTYPE html><html><body><script>
const body = new FormData();
body.append("text", {forged_json});
fetch("{app}/api/ingest", {{method: "POST", mode: "no-cors", body}})
  .finally(() => {{ document.title = "sent"; }});
</script></body></html>""",
}


@pytest.fixture(scope="module")
def hostile_site() -> Iterator[tuple[int, list[str]]]:
    """A web server on another port serving HOSTILE_PAGES (the app's URL and the referrer
    policy in the query); yields its port and the paths it served."""
    served: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            path, _, query = self.path.partition("?")
            if path not in HOSTILE_PAGES:  # the browser's /favicon.ico
                self.send_error(404)
                return
            given = dict(part.split("=", 1) for part in query.split("&") if "=" in part)
            served.append(path)
            page = HOSTILE_PAGES[path].format(
                app=unquote(given["app"]), referrer=given.get("referrer", "origin"),
                forged=html.escape(FORGED), forged_json=json.dumps(FORGED),
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], served
    server.shutdown()


@pytest.mark.parametrize(("host", "referrer"), [
    (FOREIGN, "origin"), (FOREIGN, "no-referrer"), ("127.0.0.1", "unsafe-url"),
])
def test_a_page_from_another_origin_cannot_add_articles(
    page: Page, site: Site, hostile_site: tuple[int, list[str]], host: str, referrer: str
) -> None:
    """The hostile page's form reaches the app and is refused with a reason; its fetch()
    is refused too; nothing is queued or stored. (The app's own form: the tests above.)"""
    port, served = hostile_site
    before = (jobs_queued(site.db), len(queries.list_stories(site.db)), site.story)
    origin = f"http://{host}:{port}"
    query = f"app={quote(site.url)}&referrer={referrer}"
    with page.expect_response(f"{site.url}/add") as posted:
        page.goto(f"{origin}/form?{query}")
    assert posted.value.status == 403
    expect(page.locator("body")).to_contain_text("refused: sent from")
    expect(page.locator("body")).to_contain_text("not from this app's own pages")
    with page.expect_response(f"{site.url}/api/ingest") as fetched:
        page.goto(f"{origin}/fetch?{query}")
    assert fetched.value.status in (0, 403)  # an opaque answer, as no-cors gives
    expect(page).to_have_title("sent")
    assert served[-2:] == ["/form", "/fetch"]
    assert (jobs_queued(site.db), len(queries.list_stories(site.db)), site.story) == before


def test_a_page_naming_another_host_reads_nothing(page: Page, site: Site) -> None:
    """Where a DNS-rebinding page ends up: its own name, pointing at the app's address."""
    port = urlsplit(site.url).port
    answer = page.goto(f"http://{FOREIGN}:{port}/api/stories")
    assert answer is not None and answer.status == 400
    expect(page.locator("body")).to_contain_text(
        f"does not answer to the host '{FOREIGN}:{port}'")


def test_no_page_breaks_its_content_security_policy(page: Page, site: Site) -> None:
    """Every page, the API docs included, runs under the policy without a violation."""
    page.add_init_script("""window.__violations = [];
        document.addEventListener("securitypolicyviolation", (event) =>
            window.__violations.push(event.violatedDirective + " " + event.blockedURI));""")
    view = queries.story(site.db, site.story)
    assert view is not None
    for path in ("/", f"/stories/{site.story}", f"/articles/{view.articles[0]['key']}", "/add",
                 "/jobs/1", "/docs"):
        page.goto(site.url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations") == [], path
    expect(page.locator("#swagger-ui .opblock-summary-path").first).to_be_visible()
    expect(page.locator("#swagger-ui")).to_contain_text("/api/stories")
