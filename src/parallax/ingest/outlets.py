"""Outlet names: from a URL's domain, from a record's short code, or from a line naming itself.

Users compare outlets by name ("DW", "The Guardian"), not by host, so known hosts map to
the name readers use; an unknown host is shown as its registrable domain.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# host (without "www.") -> outlet name; subdomains of a listed host map to the same outlet.
KNOWN_OUTLETS: dict[str, str] = {
    "apnews.com": "AP",
    "abcnews.go.com": "ABC News",
    "aljazeera.com": "Al Jazeera",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "bloomberg.com": "Bloomberg",
    "breitbart.com": "Breitbart",
    "businessinsider.com": "Business Insider",
    "cbc.ca": "CBC",
    "cbsnews.com": "CBS News",
    "cnbc.com": "CNBC",
    "cnn.com": "CNN",
    "dailymail.co.uk": "Daily Mail",
    "dw.com": "DW",
    "economist.com": "The Economist",
    "euronews.com": "Euronews",
    "foxnews.com": "Fox News",
    "france24.com": "France 24",
    "ft.com": "Financial Times",
    "huffingtonpost.com": "HuffPost",
    "huffpost.com": "HuffPost",
    "independent.co.uk": "The Independent",
    "latimes.com": "Los Angeles Times",
    "lbc.co.uk": "LBC",
    "msnbc.com": "MSNBC",
    "nbcnews.com": "NBC News",
    "npr.org": "NPR",
    "nypost.com": "New York Post",
    "nytimes.com": "The New York Times",
    "politico.com": "Politico",
    "politico.eu": "Politico",
    "reuters.com": "Reuters",
    "rt.com": "RT",
    "sky.com": "Sky News",
    "sputniknews.com": "Sputnik",
    "telegraph.co.uk": "The Telegraph",
    "theatlantic.com": "The Atlantic",
    "theguardian.com": "The Guardian",
    "thehill.com": "The Hill",
    "thetimes.co.uk": "The Times",
    "usatoday.com": "USA Today",
    "vox.com": "Vox",
    "washingtonpost.com": "The Washington Post",
    "wsj.com": "The Wall Street Journal",
    "yahoo.com": "Yahoo News",
}
# Short codes used by datasets and exports for the same outlets.
OUTLET_ALIASES: dict[str, str] = {
    "fox": "Fox News",
    "nyt": "The New York Times",
    "hpo": "HuffPost",
    "huffington post": "HuffPost",
    "guardian": "The Guardian",
    "wapo": "The Washington Post",
    "wsj": "The Wall Street Journal",
    "deutsche welle": "DW",
    "sputnik news": "Sputnik",
}
_BY_NAME = {name.lower(): name for name in KNOWN_OUTLETS.values()} | OUTLET_ALIASES
_HOST = re.compile(r"(?:https?://|www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?::\d+)?(?:/|$)", re.I)
_TWO_PART_SUFFIXES = {"co.uk", "com.au", "co.nz", "co.jp", "com.br", "co.in", "go.com"}


def outlet_from_url(url: str) -> str | None:
    """The outlet behind a URL: a known name, else the registrable domain ('example.org')."""
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    if not host or "." not in host:
        return None
    parts = host.removeprefix("www.").split(".")
    for start in range(len(parts) - 1):
        candidate = ".".join(parts[start:])
        if candidate in KNOWN_OUTLETS:
            return KNOWN_OUTLETS[candidate]
    keep = 3 if ".".join(parts[-2:]) in _TWO_PART_SUFFIXES else 2
    return ".".join(parts[-keep:])


def outlet_from_name(name: str) -> str | None:
    """A record's 'source' field ('nyt', 'dw.com', 'The Guardian') as the outlet's name."""
    cleaned = name.strip()
    if not cleaned:
        return None
    if cleaned.lower() in _BY_NAME:
        return _BY_NAME[cleaned.lower()]
    if re.fullmatch(r"(https?://)?[\w.-]+\.[a-z]{2,}(/\S*)?", cleaned, re.I):
        return outlet_from_url(cleaned)
    return cleaned


def known_outlet_named(line: str) -> str | None:
    """The outlet when a whole line is just a known outlet's name ('Sputnik'), else None."""
    return _BY_NAME.get(line.strip().lower())


def hosts_in(text: str) -> list[str]:
    """Hosts of the links in a line, last first: proxies put the real address last."""
    return [match.group(1) for match in _HOST.finditer(text)][::-1]
