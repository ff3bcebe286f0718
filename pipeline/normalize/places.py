"""Lists of places: "Toronto or Vancouver", "Toronto / Montréal / Remote", "Remote, Canada;
Remote, US", "Toronto, ON, Vancouver, BC", "Toronto and Montréal", "Toronto, Vancouver".

``parse_places`` reads each place on its own with ``pipeline.normalize.location``, in the order
written, the first being the job's primary place. Bare names between commas are a list only
when all are cities of one country and none is followed by the bigger city of its region
("Westmount, Montreal" is one place). ``place_label`` writes a place back as one line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.normalize.gazetteer import gazetteer as _gazetteer
from pipeline.normalize.location import country_of, find_city, parse_location, regions_of
from pipeline.records import Location

__all__ = ["parse_places", "place_label"]


# Between two places: "or"/"ou", ";", "|", a spaced slash, or a slash between two names
# ("Toronto/Vancouver"); never a comma, which separates a place's own parts.
_PLACES_SPLIT_RE = re.compile(
    r"\s+(?:or|ou|OR|Or)\s+|\s*[;|\u2022]\s*|\s+/\s+|(?<=[a-z\u00e0-\u00ff.])/(?=[A-Z\u00c0-\u00dd])"
    r"|(?<=\b[A-Z]{2})\s*/+\s*(?=[A-Z][a-z])"  # "Bellevue, WA/New York, NY // Raleigh, NC"
)


def parse_places(text: str, default_country: str | None = None) -> tuple[Location, ...]:
    """Every place ``text`` names, in its order (the first is primary); ``()`` when none.

    Read as several places only when at least two of its parts each read as a place (or one
    as a place and the others as a workplace, as in "Toronto / Remote"); otherwise the whole
    string is one place, as ``parse_location`` reads it.
    """
    if not isinstance(text, str) or not (
        default_country is None or isinstance(default_country, str)
    ):
        return ()
    return _places_cached(text, default_country)


# "and", "&", "et" join two places only when the whole string is no place: they also join
# the words of one ("Newfoundland and Labrador", "Trinidad and Tobago").
_AND_SPLIT_RE = re.compile(r"\s+(?:and|AND|And|et|&)\s+")


def _each(parts: list[str], default_country: str | None) -> tuple[Location, ...] | None:
    """The places ``parts`` name one by one, when each reads as one (a bare workplace too)
    and at least one names a place; else None."""
    if len(parts) < 2:
        return None
    found = [parse_location(p, default_country) for p in parts]
    places = [loc for loc in found if loc is not None]
    if len(places) == len(parts) and any(loc.city or loc.region or loc.country for loc in places):
        return tuple(places)
    return None


def _comma_groups(text: str) -> list[str]:
    """ "Toronto, ON, Vancouver, BC" as ["Toronto, ON", "Vancouver, BC"]: a part that is a
    region or country joins the place before it, any other part starts a place. Only when
    two places each name their region or country, or when no part does ("Toronto,
    Vancouver", read by ``_bare_cities``); else [] ("Toronto, Vancouver, BC" is left to
    ``parse_location``)."""
    g = _gazetteer()
    groups: list[list[str]] = []
    for raw in text.split(","):
        part = raw.strip()
        if not part:
            continue
        if groups and (country_of(part, g) or regions_of(part, g)):
            groups[-1].append(part)
        else:
            groups.append([part])
    first = groups[0] if len(groups) == 1 else []
    if (
        len(first) > 1
        and all(country_of(p, g) and (len(p) > 3 or p.upper() in ("USA", "UK")) for p in first)
        and len({country_of(p, g) for p in first}) == len(first)
    ):
        return first  # "USA, Canada", "Ireland, United Kingdom": a country each
    named = sum(len(grp) > 1 for grp in groups)
    if len(groups) < 2 or 0 < named < 2:
        return []
    return [", ".join(grp) for grp in groups]


def _bare_cities(names: list[str], default_country: str | None) -> tuple[Location, ...] | None:
    """Bare names between commas read as several cities ("Toronto, Vancouver"), or None when
    they read as one place's parts. Each is read in the first one's country (a list names
    places near each other: "Kitchener, Waterloo" is not Waterloo in Iowa); they are one place
    when they are not all cities of one country ("Scarborough, Toronto") or when a name is
    followed by the bigger city of the same region that holds it ("Westmount, Montreal")."""
    first = parse_location(names[0], default_country)
    if first is None or not first.city or first.workplace:
        return None
    places, found = [first], []
    for name in names[1:]:
        loc = parse_location(name, default_country or first.country)
        if loc is None or not loc.city or loc.workplace or loc.country != first.country:
            return None
        places.append(loc)
    for loc in places:
        city = find_city(loc.city or "", loc.country, loc.region, default_country)
        if city is None:
            return None
        found.append(city)
    inside = any(
        b.region == a.region and b.population > a.population
        for a, b in zip(found, found[1:], strict=False)
    )
    return None if inside else tuple(places)


@lru_cache(maxsize=32_768)
def _places_cached(text: str, default_country: str | None) -> tuple[Location, ...]:
    if len(text) > 4000:
        return ()
    parts = [p for p in _PLACES_SPLIT_RE.split(text) if p and p.strip()]
    listed = _each(parts, default_country)
    if listed:
        return listed
    if len(parts) == 1:
        groups = _comma_groups(text)
        g = _gazetteer()
        if groups and all(country_of(grp.strip(), g) for grp in groups):
            listed = _each(groups, default_country)
            if listed:
                return listed
        elif groups and all("," not in grp for grp in groups):
            listed = _bare_cities(groups, default_country)
        else:
            listed = _each(groups, default_country)
        if listed and all(loc.city for loc in listed):
            return listed
    whole = parse_location(text, default_country)
    if whole is None and len(parts) == 1:
        listed = _each([p for p in _AND_SPLIT_RE.split(text) if p.strip()], default_country)
        if listed:
            return listed
    return (whole,) if whole is not None else ()


def place_label(loc: Location) -> str:
    """A place as one line: "Toronto, Ontario, CA", "Remote, CA", "Remote"."""
    parts = [x for x in (loc.city, loc.region, loc.country) if x]
    if loc.workplace == "remote":
        parts.insert(0, "Remote")
    elif loc.workplace and not parts:
        parts.append(loc.workplace.capitalize())
    return ", ".join(parts)
