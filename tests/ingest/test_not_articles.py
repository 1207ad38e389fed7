"""Pages that are not articles are named and skipped; articles that only mention cookies,
JavaScript, robots or a missing page are still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.ingest.articles import read_articles
from parallax.ingest.not_articles import why_not_an_article

BOT_CHECK = """Why did this happen?

Please make sure your browser supports JavaScript and cookies and that you are not blocking \
them from loading. For more information you can review our Terms of Service and Cookie Policy.
"""
ROBOT = """Are you a robot?

We have detected unusual activity from your computer network. To continue, please click the \
box below to let us know you're not a robot.
"""
ENABLE_JS = "You need to enable JavaScript to run this app. JavaScript is disabled in your browser."
COOKIE_WALL = """Before you continue

We and our partners use cookies to store and access information on a device. Accept all \
cookies to continue, or manage your privacy settings at any time.
"""
PAYWALL = """Subscribe to continue reading.

You have reached your limit of free articles this month. Already a subscriber? Sign in.
"""
ACCESS_DENIED = """Access Denied

You don't have permission to access this page on this server.
"""
NOT_FOUND = """404 - Page not found

Sorry, the page you are looking for does not exist or has been moved.
"""
COUNTRIES = (
    "United States of America US Virgin Islands Canada Mexico, United Mexican States Bahamas, "
    "Commonwealth of the Cuba, Republic of Dominican Republic Haiti, Republic of Jamaica "
    "Afghanistan Albania, Republic of Algeria, People's Democratic Republic of American Samoa "
    "Andorra, Principality of Angola, Republic of Anguilla Antarctica Antigua and Barbuda "
    "Argentina, Argentine Republic Armenia Aruba Australia, Commonwealth of Austria, Republic of "
    "Azerbaijan, Republic of Bahrain, Kingdom of Bangladesh, People's Republic of Barbados "
    "Belarus Belgium, Kingdom of Belize Benin Bermuda Bhutan, Kingdom of Bolivia Bosnia and "
    "Herzegovina Botswana, Republic of Brazil, Federative Republic of British Virgin Islands "
    "Brunei Darussalam Bulgaria Burkina Faso Burundi Cambodia, Kingdom of Cameroon Cape Verde "
    "Cayman Islands Central African Republic Chad Chile, Republic of China Colombia Comoros"
)
RESULTS_TABLE = "\n".join(
    ["Pos Driver Team Points"]
    + [f"{n} {name} {team} {300 - 7 * n}" for n, (name, team) in enumerate([
        ("Ana Lopez", "Harbor Racing"), ("Mark Chen", "Vortex"), ("Jo Park", "Redline"),
        ("Sam Lee", "Harbor Racing"), ("Dana Whitfield", "Apex"), ("Tom Reyes", "Vortex"),
        ("Priya Natarajan", "Redline"), ("Cary Holt", "Apex"), ("Marco Ruiz", "Summit"),
        ("Lena Vogel", "Summit"), ("Omar Haddad", "Kestrel"), ("Ines Duarte", "Kestrel"),
    ], 1)]
)


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (BOT_CHECK, "a bot check or “enable JavaScript” page"),
        (ROBOT, "a bot check or “enable JavaScript” page"),
        (ENABLE_JS, "a bot check or “enable JavaScript” page"),
        (COOKIE_WALL, "a cookie wall"),
        (PAYWALL, "a paywall"),
        (ACCESS_DENIED, "an access-denied page"),
        (NOT_FOUND, "an error page"),
        (COUNTRIES, "only a list or table"),
        (RESULTS_TABLE, "only a list or table"),
    ],
)
def test_pages_that_are_not_articles_say_what_they_are(page: str, reason: str) -> None:
    assert (why_not_an_article(page) or "").startswith(reason)


ARTICLES = [
    # Cookies, JavaScript, robots and a missing page, each mentioned once in real reporting.
    "The regulator fined the retailer 2 million euros on Monday for setting advertising cookies "
    "before visitors agreed to them. Shoppers who refused were still tracked across the site, "
    "the authority said, and the company has three months to change its banner. The retailer "
    "said it would appeal and that it had already removed the trackers in question.",
    "Developers at the city's transit agency rebuilt the timetable site after complaints that it "
    "would not load unless riders enable JavaScript in their browsers. The new version works on "
    "older phones, the agency said on Tuesday, and shows delays within a minute of a report.",
    "Visitors to the council's website were greeted by a page not found error for most of "
    "Thursday after a botched update, officials said. Residents could not pay parking fines or "
    "book bin collections, and the council extended its payment deadlines by a week.",
    "Are you a robot? That is the question a new exhibition at the science museum asks its "
    "visitors, who are invited to chat with three machines and four people and guess which is "
    "which. Curators said most guessed wrong at least once, and that children did best.",
    # A short brief is still an article.
    "Firefighters contained a blaze at a warehouse near the port on Sunday, officials said.",
]


@pytest.mark.parametrize("text", ARTICLES)
def test_articles_that_mention_such_things_are_articles(text: str) -> None:
    assert why_not_an_article(text, "en") is None


def test_such_pages_are_skipped_with_a_warning_naming_them(tmp_path: Path) -> None:
    (tmp_path / "bot.txt").write_text(BOT_CHECK)
    (tmp_path / "countries.txt").write_text(f"Country\n\n{COUNTRIES}\n")
    (tmp_path / "fine.txt").write_text(ARTICLES[0])
    result = read_articles([str(tmp_path)])
    assert [article.ref for article in result.articles] == [str(tmp_path / "fine.txt")]
    assert result.warnings == [
        f"{tmp_path / 'bot.txt'}: not an article: a bot check or “enable JavaScript” page "
        "(“Please make sure your browser supports JavaScript and cookies and tha…”); skipped",
        f"{tmp_path / 'countries.txt'}: not an article: only a list or table, no running "
        "sentences; skipped",
    ]
    assert result.exit_code == 3
