"""The web forms under arbitrary input (hypothesis): the add-articles form and
`POST /api/ingest` (text, URLs, files, and raw bodies), and the stories search. Every answer
is what was asked for or a refusal that says why; none is a 500.

Submissions that pass are not ingested (a stand-in worker drops them): what is fuzzed here
is the forms, and the reader has fuzz tests of its own.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from webtools import BASE_URL

from parallax.store.database import Database
from parallax.web.app import WebSettings, create_app
from parallax.web.submissions import Submission, SubmissionLimits

LIMITS = SubmissionLimits(max_files=3, max_file_bytes=2_000, max_urls=3, max_text_chars=3_000)
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PUBLIC = "93.184.216.34"


class DroppingWorker:
    """Takes a submission as the ingest worker does, and drops it."""

    def __init__(self) -> None:
        self.taken = 0

    def submit(self, submission: Submission) -> int:
        submission.discard()
        self.taken += 1
        return self.taken

    def shutdown(self) -> None:
        pass


def _resolve_offline(host: str, port: int | None, *args: object, **kwargs: object) -> list:
    """Names under .example resolve to a public address, IP literals to themselves, and
    nothing else resolves: no query leaves the machine."""
    try:
        address = str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        if not host.endswith(".example"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        address = PUBLIC
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port or 0))]


@pytest.fixture(scope="module")
def http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(Database(str(tmp_path_factory.mktemp("fuzz") / "x.db")),
                     WebSettings(limits=LIMITS))
    app.state.worker.shutdown()
    app.state.worker = DroppingWorker()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", _resolve_offline)
        with TestClient(app, base_url=BASE_URL, follow_redirects=False,
                        raise_server_exceptions=False) as client:
            yield client


URL_PARTS = st.sampled_from([
    "https://news.example/a", "http://127.0.0.1/", "http://[::1]:8000/", "http://10.0.0.1/",
    "http://169.254.169.254/latest", "ftp://news.example/", "file:///etc/passwd",
    "https://nowhere.invalid/", "http://[::ffff:127.0.0.1]/", "https://news.example:99999/",
    "http://[zz]/", "https://", "javascript:alert(1)", "http://news.example/%00",
])
URLS = st.lists(st.one_of(URL_PARTS, st.text(max_size=40)), max_size=5).map("\n".join)
FILES = st.lists(
    st.tuples(st.text(max_size=30), st.binary(max_size=2_500)), max_size=4,
).map(lambda found: [("files", (name, content, "application/octet-stream"))
                     for name, content in found])
TEXT = st.one_of(st.text(max_size=200), st.text(min_size=3_000, max_size=3_100))


def _check(answer, path: str) -> None:
    """Not a server error, and a refusal says what was refused and why."""
    assert answer.status_code < 500, (path, answer.status_code, answer.text[:500])
    if answer.status_code >= 400:
        message = answer.json()["detail"] if path.startswith("/api/") else answer.text
        assert message and str(message).strip(), (path, answer.status_code)
    if path == "/add" and answer.status_code == 422:
        assert '<p class="error" role="alert">' in answer.text


@FUZZ
@given(path=st.sampled_from(["/add", "/api/ingest"]), text=TEXT, urls=URLS, files=FILES)
def test_any_submission_is_taken_or_refused_by_name(
    http: TestClient, path: str, text: str, urls: str, files: list
) -> None:
    answer = http.post(path, data={"text": text, "urls": urls}, files=files or None)
    _check(answer, path)
    assert answer.status_code in (202, 303, 413, 422), answer.text[:300]


@FUZZ
@given(path=st.sampled_from(["/add", "/api/ingest"]), body=st.binary(max_size=600),
       kind=st.sampled_from(["multipart/form-data; boundary=b", "multipart/form-data",
                             "application/x-www-form-urlencoded", "text/plain", ""]))
def test_any_request_body_is_taken_or_refused_by_name(
    http: TestClient, path: str, body: bytes, kind: str
) -> None:
    _check(http.post(path, content=body, headers={"content-type": kind}), path)


@FUZZ
@given(path=st.sampled_from(["/", "/api/stories"]), q=st.text(max_size=60),
       outlet=st.text(max_size=30))
def test_any_search_answers(http: TestClient, path: str, q: str, outlet: str) -> None:
    answer = http.get(path, params={"q": q, "outlet": outlet})
    _check(answer, path)
    assert answer.status_code == 200
