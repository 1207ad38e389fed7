"""Shared fixtures: small articles written for these tests, shaped like real pasted pages."""

from __future__ import annotations

import pytest

# Written for the tests (no third-party text): a pasted page with menu, byline and promo.
PASTED_ARTICLE = "\n".join(
    [
        "Skip to content",
        "Home",
        "World",
        "Harbour bridge reopens after three-week repair",
        "12 March 2023, 09:15",
        "By Maria Lopez",
        "The harbour bridge reopened to traffic on Sunday after a three-week repair that "
        "cost the city about 4 million euros, officials said.",
        "Engineers replaced two corroded cables and resurfaced the eastern lane, "
        "according to the transport department, which had closed the bridge after an "
        "inspection in February.",
        '"We could not take any risk with the cables," the city\'s chief engineer said at '
        "a news conference on the bridge.",
        "Traffic had been diverted through the old town during the works, adding up to "
        "forty minutes to some commutes.",
        "READ MORE: City council approves new cycle lanes",
        "Share on Facebook",
        "Advertisement",
    ]
)


@pytest.fixture
def pasted_article() -> str:
    return PASTED_ARTICLE
