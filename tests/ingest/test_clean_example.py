"""The bundled example, as users paste it: every body paragraph survives, no site junk does.

The expectations are a hand annotation of the five example files: which lines are not
article body (title, dateline, byline, captions, links, promos, trailing lists).
"""

from pathlib import Path

import pytest

from parallax.ingest.clean import clean_text
from parallax.ingest.normalize import normalize_text

EXAMPLE = Path(__file__).parents[2] / "examples" / "troops-europe-2022"

# Lines that are not body; for 001 everything from the first listed trailing line on.
NOT_BODY = {
    "000_058bae31986b689c.txt": [],
    "001_f80b100d7472a4b1.txt": [
        "US sends thousands of troops to Europe amid tensions over Ukraine",
        "2 February 2022, 16:02",
        "Ukrainian soldiers amid rising tensions with Russia, Inset: Joe Biden",
        "Ukrainian soldiers amid rising tensions with Russia, Inset: Joe Biden. Picture: Alamy",
        "By Patrick Grafton-Green",
        "READ MORE: 'Even children are laughing at him': Boris mocked by Russia as tensions rise"
        " over Ukraine",
        "READ MORE: Boris Johnson 'faces 12k fines for party breaches' as two more Tories call"
        " for him to quit",
    ],
    "002_2307606c6289dd28.txt": [
        "1. Skip to content",
        "2. Skip to main menu",
        "3. Skip to more DW sites",
        "US to send more troops to Germany, Poland",
        "February 2, 2022",
        "https://s.gtool.pro:443/https/p.dw.com/p/46Pow",
        "A US flag on the shoulder of a solider training in Germany",
        "The US will send about 2,000 troops to Germany and Poland, media have reportedImage:"
        " Armin Weigel/dpa/picture alliance",
        "A map showing NATO positions in Eastern and Central Europe",
        "NATO has troops posted throughout Central and Eastern Europe",
        "aw, wd/sms (AP, AFP, Reuters, dpa)",
        "Ukraine's weekend warriors prepare for battle",
    ],
    "003_3aa04ce601e32b4d.txt": [
        "Russia-NATO Row on European Security",
        "US Says ‘In Lockstep’ With Germany Against Russia, ‘Door Open’ to Sending More Troops"
        " to Europe",
        "Sputnik",
        "Discuss",
    ],
    "004_ae24453a259fc1fc.txt": [
        "UK and Nato allies consider US request to send more troops to eastern Europe",
        "·3 min read",
        "Related: US responds to Russian demands as Ukraine talks held in Paris",
        "Our goal is to create a safe and engaging place for users to connect over interests and"
        " passions. In order to improve our community experience, we are temporarily suspending"
        " article commenting",
    ],
}
TRAILING_JUNK_STARTS = {"001_f80b100d7472a4b1.txt": "More Latest News"}


def _annotated(name: str) -> tuple[list[str], list[str]]:
    """(body lines, junk lines) of one example file, by the annotation above."""
    text = normalize_text((EXAMPLE / name).read_text())  # the cleaner works on normalized text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    junk = set(NOT_BODY[name])
    body, not_body = [], []
    in_trailer = False
    for line in lines:
        in_trailer = in_trailer or line == TRAILING_JUNK_STARTS.get(name)
        (not_body if in_trailer or line in junk else body).append(line)
    assert junk <= set(not_body), "annotation names a line the file does not have"
    return body, not_body


@pytest.mark.parametrize("name", sorted(NOT_BODY))
def test_every_body_paragraph_survives(name: str) -> None:
    body, _ = _annotated(name)
    cleaned = clean_text((EXAMPLE / name).read_text()).body.split("\n\n")
    missing = [line for line in body if line not in cleaned and not line.endswith(cleaned[0])]
    assert missing == []


@pytest.mark.parametrize("name", sorted(NOT_BODY))
def test_no_site_junk_survives(name: str) -> None:
    _, not_body = _annotated(name)
    cleaned = set(clean_text((EXAMPLE / name).read_text()).body.split("\n\n"))
    assert [line for line in not_body if line in cleaned] == []


def test_dateline_glued_to_the_lede_is_cut_and_kept_for_metadata() -> None:
    cleaned = clean_text((EXAMPLE / "000_058bae31986b689c.txt").read_text())
    assert cleaned.body.startswith("US President Joe Biden ordered 7,000 US troops to Germany")
    assert [(r.reason, r.text) for r in cleaned.removed] == [("dateline", "date 2022-02-25")]
