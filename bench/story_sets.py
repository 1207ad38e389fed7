"""The story-grouping sets, as article records with their gold story, for bench/stories.py.

Read at run time from the shared data folder (never copied into the repo). Each loader
yields (record, gold) pairs, a record being what a user's JSON export holds (id, title,
date, source, text): the bench hands them to Parallax through its ordinary reader.

- ECB+: one document per XML file; its tokens joined back into text (ECB+ splits "6.1" and
  "58-3" into tokens); sentence 0 of *ecbplus.xml files is the source URL and is dropped.
  Gold: topic + ecb/ecbplus, the two similar events of each topic.
- BASIL: one article per JSON file; gold: the triplet (file name before "_"). The record id
  is the file name, since a few files carry the uuid "empty".
- NeuS (AllSides, val): each line holds 3 outlets' excerpts of one story; gold: the line.
- Discord Questions recession set: 46 articles on one story.
- scrapinghub plain text: 181 unrelated pages, each its own story (assumed: no gold given).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

Record = dict[str, str | None]
TEST_TOPICS = range(36, 46)  # ECB+ test split: evaluated, never tuned on

# ECB+ splits "58-3", "10:04" and "6.1" into tokens; join them back
_SPLIT_INSIDE = re.compile(r"(\w) (-) (?=\w)|(\d) ([:.]) (?=\d)")
_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}])")
_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_CLITIC = re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m|’s)\b")


def ecbplus(data: Path) -> Iterator[tuple[Record, str]]:
    """ECB+ documents; gold "<topic>" for the ecb event, "<topic>+" for the ecbplus one."""
    with zipfile.ZipFile(data / "divergence/ecbplus/ECB+.zip") as archive:
        for name in sorted(n for n in archive.namelist() if n.endswith(".xml")):
            root = ET.fromstring(archive.read(name))
            file = name.rsplit("/", 1)[-1]
            plus = file.endswith("ecbplus.xml")
            sentences: dict[int, list[str]] = defaultdict(list)
            for token in root.iter("token"):
                sentences[int(token.get("sentence", 0))].append(token.text or "")
            kept = [tokens for n, tokens in sorted(sentences.items()) if not (plus and n == 0)]
            text = "\n\n".join(detokenize(tokens) for tokens in kept)
            yield {"id": file, "text": text}, f"{topic(file)}{'+' if plus else ''}"


def topic(ecb_file: str) -> int:
    return int(ecb_file.split("_", 1)[0])


def detokenize(tokens: list[str]) -> str:
    text = _SPLIT_INSIDE.sub(lambda m: "".join(g for g in m.groups() if g), " ".join(tokens))
    text = _CLITIC.sub(r"\1", _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", text)))
    return text.replace("`` ", '"').replace(" ''", '"').replace("``", '"').replace("''", '"')


def basil(data: Path) -> Iterator[tuple[Record, str]]:
    for path in basil_files(data):
        record = json.loads(path.read_text(encoding="utf-8"))
        text, _ = basil_text(record["body-paragraphs"])
        yield (
            {
                "id": path.stem,
                "title": record["title"],
                "date": record["date"],
                "source": record["source"],
                "text": text,
            },
            path.stem.rsplit("_", 1)[0],
        )


def basil_files(data: Path) -> list[Path]:
    return sorted((data / "divergence/basil/articles").glob("*/*.json"))


def basil_text(paragraphs: list[list[str]]) -> tuple[str, list[tuple[int, str]]]:
    """A BASIL article's text (paragraphs a blank line apart, the strings of a paragraph a
    space apart) and each string with its offset in it: annotation offsets are inside one
    string, so this is how they map onto the text."""
    text = ""
    strings: list[tuple[int, str]] = []
    for number, paragraph in enumerate(paragraphs):
        text += "\n\n" if number else ""
        for count, string in enumerate(paragraph):
            text += " " if count else ""
            strings.append((len(text), string))
            text += string
    return text, strings


def neus(data: Path) -> Iterator[tuple[Record, str]]:
    lines = (data / "mds/neus-allsides/val.source").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        for side, excerpt in enumerate(line.split(" [SEP] ")):
            title, _, text = excerpt.removeprefix("TITLE=>").partition(" ARTICLE=> ")
            record = {"id": f"neus-{number}-{side}", "title": title.strip(), "text": text.strip()}
            yield record, f"neus-{number}"


def recession(data: Path) -> Iterator[tuple[Record, str]]:
    path = data / "mds/discord-questions/documents_recession.json"
    for item in json.loads(path.read_text(encoding="utf-8")):
        record = {
            "id": f"recession-{item['id']}",
            "title": item["title"],
            "source": item["domain"],
            "text": item["content"],
        }
        yield record, "recession"


def example(data: Path) -> Iterator[tuple[Record, str]]:
    """The bundled example story's pages as saved (the data folder is not needed)."""
    folder = Path(__file__).resolve().parent.parent / "examples" / "troops-europe-2022"
    for path in sorted(folder.glob("*.txt")):
        yield {"id": f"example/{path.name}", "text": path.read_text(encoding="utf-8")}, "example"


def scrapinghub(data: Path) -> Iterator[tuple[Record, str]]:
    for path in sorted((data / "extraction/scrapinghub-plaintext").glob("*.txt")):
        yield {"id": path.stem, "text": path.read_text(encoding="utf-8")}, path.stem


MIXED_SETS = {
    "ecbplus": ecbplus,
    "basil": basil,
    "neus": neus,
    "recession": recession,
    "scrapinghub": scrapinghub,
}
