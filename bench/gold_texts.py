"""The article texts the comparison gold (tests/data/gold/compare) is anchored in, and a check
of every gold file against them.

Each gold article ref names its text in ../shared/data (see the gold README): BASIL file stems,
`neus-LINE-SIDE`, `recession-ID`, ECB+ file names (`10_1ecb.xml`) and the example's file
names (`example/<file>`). Read at run time; nothing is copied into the repo.

    python3 bench/gold_texts.py check [FILE...]     # every gold file, or those named
    python3 bench/gold_texts.py show STORY-FILE     # the articles of one gold file, to read
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from story_sets import basil, ecbplus, example, neus, recession  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
GOLD = REPO / "tests" / "data" / "gold" / "compare"
KINDS = ("number", "claim", "update", "quote", "framing")
_LOADERS = {"basil": basil, "neus": neus, "recession": recession, "ecb": ecbplus,
            "example": example}


@cache
def _records(kind: str) -> dict[str, dict]:
    return {record["id"]: record for record, _ in _LOADERS[kind](DEFAULT_DATA)}


def article_record(ref: str) -> dict:
    """The record (id, title, text, ...) a gold ref names."""
    if ref.startswith("example/"):
        return _records("example")[ref]
    if ref.startswith("neus-"):
        return _records("neus")[ref]
    if ref.startswith("recession-"):
        return _records("recession")[ref]
    if ref.endswith(".xml"):
        return _records("ecb")[ref]
    return _records("basil")[ref]


def check(path: Path) -> list[str]:
    """Every problem of one gold file, each naming the item."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    if gold.get("story") != path.stem:
        problems.append(f"story field {gold.get('story')!r} is not the file name")
    if gold.get("split") not in (None, "dev", "test"):
        problems.append(f"split {gold.get('split')!r}")
    texts = {}
    for ref in gold["articles"]:
        try:
            record = article_record(ref)  # a NeuS headline may be evidence: the title counts
            texts[ref] = f"{record.get('title') or ''}\n\n{record['text']}"
        except KeyError:
            problems.append(f"article {ref!r} not found in the shared data")

    def anchors(where: str, evidence: list[dict]) -> None:
        for item in evidence:
            ref, anchor = item["article"], item["anchor"]
            if ref not in texts:
                problems.append(f"{where}: article {ref!r} not in articles")
                continue
            count = texts[ref].count(anchor)
            words = len(anchor.split())
            if count != 1:
                problems.append(f"{where}: anchor {anchor!r} occurs {count} times in {ref}")
            if not 3 <= words <= 12:
                problems.append(f"{where}: anchor {anchor!r} has {words} words")

    for n, item in enumerate(gold.get("consensus", [])):
        where = f"consensus {n} ({item.get('statement', '')[:40]})"
        anchors(where, item["evidence"])
        if len({e["article"] for e in item["evidence"]}) < 2:
            problems.append(f"{where}: fewer than 2 articles")
    for n, item in enumerate(gold.get("divergences", [])):
        where = f"divergence {n} ({item.get('question', '')[:40]})"
        if item.get("kind") not in KINDS:
            problems.append(f"{where}: kind {item.get('kind')!r}")
        positions = item.get("positions", [])
        if len(positions) < 2 or any(not p.get("evidence") for p in positions):
            problems.append(f"{where}: needs 2 positions, each with evidence")
        for position in positions:
            anchors(where, position.get("evidence", []))
    return problems


def show(path: Path) -> str:
    """A gold file's articles as plain text to read: ref, title, then the text itself."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for ref in gold["articles"]:
        record = article_record(ref)
        parts.append(
            f"===== ARTICLE {ref} | source: {record.get('source')} | date: {record.get('date')}"
            f" | title (not part of the text): {record.get('title')}\n\n{record['text']}\n"
        )
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    if argv[:1] == ["show"] and len(argv) == 2:
        print(show(Path(argv[1])))
        return 0
    if argv[:1] == ["check"]:
        files = [Path(a) for a in argv[1:]] or sorted(GOLD.glob("*.json"))
        failed = 0
        for path in files:
            problems = check(path)
            failed += bool(problems)
            print(f"{path.name}: {'ok' if not problems else f'{len(problems)} problems'}")
            for problem in problems:
                print(f"  {problem}")
        return 1 if failed else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
