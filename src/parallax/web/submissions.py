"""What the add-articles form and `POST /api/ingest` accept, and the limits on it.

Uploads are written under fresh names in a private temporary folder (the name a browser
sends is only shown, never used as a path), URLs are checked before anything is fetched,
and every limit is enforced before the work is queued.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from fastapi import File, Form, UploadFile

from parallax.errors import ParallaxError
from parallax.ingest.sources import UnreadableInput, check_url

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_CHUNK = 1 << 16
UPLOAD_PREFIX = "upload:"


@dataclass(frozen=True)
class SubmissionLimits:
    """How much one submission may carry."""

    max_files: int = 20
    max_file_bytes: int = 5_000_000
    max_urls: int = 20
    max_text_chars: int = 1_000_000

    @property
    def max_request_bytes(self) -> int:
        """The most a whole request body may hold: every file at its limit, plus the text."""
        return self.max_files * self.max_file_bytes + 4 * self.max_text_chars + 100_000


class Rejected(ParallaxError):
    """A submission that breaks a rule; the message tells the user which and why."""


@dataclass
class SubmittedForm:
    """The add-articles form as posted (the page and the API take the same fields)."""

    text: str
    urls: str
    files: list[UploadFile]


def submitted_form(
    text: Annotated[str, Form(description="An article's text, pasted.")] = "",
    urls: Annotated[str, Form(description="URLs to fetch, one per line.")] = "",
    files: Annotated[list[UploadFile] | None, File(description="Article files.")] = None,
) -> SubmittedForm:
    return SubmittedForm(text, urls, files or [])


@dataclass
class Submission:
    """A submission saved and ready to ingest: paths and URLs, and how to show them."""

    folder: Path
    inputs: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)

    def display(self, text: str) -> str:
        """`text` with the private folder's path replaced by what the user knows it as."""
        return text.replace(f"{self.folder}/", UPLOAD_PREFIX)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


async def save_submission(
    form: SubmittedForm, limits: SubmissionLimits, private_urls: bool
) -> Submission:
    """Check a submission against the limits and save it; raise Rejected if it breaks one."""
    text = form.text
    files = [upload for upload in form.files if upload.filename]
    given_urls = [line.strip() for line in form.urls.splitlines() if line.strip()]
    if not text.strip() and not files and not given_urls:
        raise Rejected("nothing to add: paste an article, choose files or give URLs")
    if len(files) > limits.max_files:
        raise Rejected(f"too many files: {len(files)} (at most {limits.max_files} at a time)")
    if len(given_urls) > limits.max_urls:
        raise Rejected(f"too many URLs: {len(given_urls)} (at most {limits.max_urls} at a time)")
    if len(text) > limits.max_text_chars:
        raise Rejected(f"pasted text too long: over {limits.max_text_chars:,} characters")
    for url in given_urls:
        _check_url(url, private_urls)
    submission = Submission(Path(tempfile.mkdtemp(prefix="parallax-upload-")))
    try:
        if text.strip():
            path = submission.folder / "pasted.txt"
            path.write_text(text, encoding="utf-8")
            submission.inputs.append(str(path))
            submission.shown.append("pasted text")
        for number, upload in enumerate(files, 1):
            path = submission.folder / f"{number:02d}-{safe_name(upload.filename or '')}"
            await _save_capped(upload, path, limits.max_file_bytes)
            submission.inputs.append(str(path))
            submission.shown.append(f"{UPLOAD_PREFIX}{path.name}")
        submission.inputs.extend(given_urls)
        submission.shown.extend(given_urls)
    except Exception:
        submission.discard()
        raise
    return submission


def safe_name(name: str) -> str:
    """A browser-sent file name reduced to a harmless last component (its suffix kept, since
    the suffix tells the reader the format)."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _SAFE_NAME.sub("_", last).lstrip(".") or "file"
    return cleaned[-80:]


def _check_url(url: str, private_urls: bool) -> None:
    if not url.startswith(("http://", "https://")):
        raise Rejected(f"{url}: only http:// and https:// URLs can be fetched")
    try:
        check_url(url, private_urls)
    except UnreadableInput as problem:
        raise Rejected(f"{url}: {problem}") from None


async def _save_capped(upload: UploadFile, path: Path, cap: int) -> None:
    written = 0
    with path.open("wb") as target:
        while chunk := await upload.read(_CHUNK):
            written += len(chunk)
            if written > cap:
                raise Rejected(
                    f"{upload.filename}: file too large (over {cap / 1_000_000:g} MB, the limit)"
                )
            target.write(chunk)
