import pytest

from tests import factories


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached choice lists (outlets) must not leak between tests or skew query counts."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reader(client, db):
    """A logged-in researcher: reading needs a login in a reading group by default."""
    client.force_login(factories.user(groups=["Researchers"]))
    return client


@pytest.fixture
def story(db):
    """Kosovo moves from open (May 2025) to supports (Oct 2025); Albania opposes throughout;
    a UK minister talks about Kosovo without speaking for it."""
    import datetime as dt

    kosovo, albania, uk = (
        factories.country("Kosovo"),
        factories.country("Albania"),
        factories.country("United Kingdom"),
    )
    osmani = factories.speaker("Vjosa Osmani", country=kosovo, role="President", aliases=["Osmani"])
    rama = factories.speaker("Edi Rama", country=albania, role="Prime Minister")
    minister = factories.speaker("Yvette Cooper", country=uk, role="Home Secretary")
    may = factories.article(
        "Kosovo's president said: we are open to talks on return hubs. Rama said no.",
        outlet="The Independent",
        date=dt.date(2025, 5, 26),
    )
    october = factories.article(
        "Osmani said Kosovo wants to help the UK with return hubs.",
        outlet="BBC News",
        date=dt.date(2025, 10, 14),
    )
    return {
        "kosovo": kosovo,
        "albania": albania,
        "uk": uk,
        "osmani": osmani,
        "rama": rama,
        "minister": minister,
        "may": may,
        "october": october,
        "open": factories.statement(
            speaker=osmani,
            text="we are open to talks on return hubs",
            stance="open",
            date_said=dt.date(2025, 5, 26),
            countries=[kosovo],
            article=may,
        ),
        "supports": factories.statement(
            speaker=osmani,
            text="Kosovo wants to help the UK with return hubs",
            stance="supports",
            kind="indirect",
            date_said=dt.date(2025, 10, 14),
            countries=[kosovo, uk],
            article=october,
        ),
        "opposes": factories.statement(
            speaker=rama,
            text="Rama said no",
            stance="opposes",
            date_said=dt.date(2025, 5, 26),
            countries=[albania],
            article=may,
        ),
        "about": factories.statement(
            speaker=minister,
            text="Talks with Kosovo are progressing well",
            stance="neutral",
            date_said=dt.date(2025, 9, 1),
            countries=[kosovo],
        ),
    }


@pytest.fixture
def pile(story):
    """Adds ``n`` more statements spread over speakers, countries, outlets and months, so a
    query-count test can compare one row with many."""
    import datetime as dt

    def add(n: int = 30) -> None:
        speakers = [
            factories.speaker(
                f"Official {i}", country=story["kosovo"] if i % 2 else story["albania"]
            )
            for i in range(3)
        ]
        for i in range(n):
            art = factories.article(
                f"Body {i}: quote number {i} about return hubs.",
                outlet=f"Outlet {i % 4}",
                date=dt.date(2025, 1 + i % 12, 1 + i % 27),
            )
            s = factories.statement(
                speaker=speakers[i % 3],
                text=f"quote number {i} about return hubs",
                stance=["supports", "open", "opposes", "neutral", "conditional"][i % 5],
                date_said=art.date,
                countries=[story["kosovo"], story["uk"]],
                article=art,
            )
            factories.appearance(statement=s, article=story["october"], text="Osmani")

    return add
