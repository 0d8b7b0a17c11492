"""The outlet of an article from its URL: a short table of well-known names by domain, else
the domain itself ("balkanview.com"), which a reader still recognises.

Pure functions, no Django. The table holds outlets, never people: it names who published,
not who spoke, so it cannot fit extraction to any set.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Registrable domain -> the name the outlet goes by. Parents are tried in turn, so
# "uk.news.yahoo.com" finds "yahoo.com" and "edition.cnn.com" finds "cnn.com".
KNOWN_OUTLETS = {
    "adnkronos.com": "Adnkronos",
    "africanews.com": "Africanews",
    "aljazeera.com": "Al Jazeera",
    "apnews.com": "Associated Press",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "bloomberg.com": "Bloomberg",
    "cnn.com": "CNN",
    "dailymail.co.uk": "Daily Mail",
    "dw.com": "Deutsche Welle",
    "euractiv.com": "Euractiv",
    "euronews.com": "Euronews",
    "express.co.uk": "Daily Express",
    "ft.com": "Financial Times",
    "gbnews.com": "GB News",
    "independent.co.uk": "The Independent",
    "itv.com": "ITV News",
    "kyivpost.com": "Kyiv Post",
    "lbc.co.uk": "LBC",
    "mirror.co.uk": "Daily Mirror",
    "myjoyonline.com": "MyJoyOnline",
    "n1info.ba": "N1",
    "news.sky.com": "Sky News",
    "nytimes.com": "The New York Times",
    "politico.eu": "Politico Europe",
    "reuters.com": "Reuters",
    "rferl.org": "Radio Free Europe/Radio Liberty",
    "telegraph.co.uk": "The Telegraph",
    "theguardian.com": "The Guardian",
    "thelondoneconomic.com": "The London Economic",
    "thesun.co.uk": "The Sun",
    "thetimes.co.uk": "The Times",
    "thetimes.com": "The Times",
    "washingtonpost.com": "The Washington Post",
    "yahoo.com": "Yahoo News",
}
# Host prefixes that name a version of the site, not a different outlet.
_SITE_PREFIXES = ("www.", "www2.", "m.", "amp.", "mobile.")


def host_of(url: str) -> str:
    """The lower-case host of an http(s) URL without "www." and the like, or ""."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or "." not in host:
        return ""
    for prefix in _SITE_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            return host[len(prefix) :]
    return host


def outlet_from_url(url: str) -> tuple[str, str]:
    """(outlet, how it was found): a known name ("url"), the host ("domain"), or ("", "")."""
    host = host_of(url)
    if not host:
        return "", ""
    labels = host.split(".")
    for i in range(len(labels) - 1):
        if name := KNOWN_OUTLETS.get(".".join(labels[i:])):
            return name, "url"
    return host[:200], "domain"
