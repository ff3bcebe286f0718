"""Places: parse a site's location string into city, region, country and workplace.

Offline: the places come from ``pipeline.normalize.gazetteer`` (GeoNames and pycountry,
built lazily once per process).

How a string is read:

1. Workplace words ("Remote", "Hybrid", "On-site", "Télétravail", "hybride", …) set
   ``workplace`` and are removed; "Multiple locations", "Various", "TBD" give no place.
2. Aliases become canonical places ("GTA" -> Toronto, "NYC" -> New York, "Bay Area" ->
   San Francisco); "Greater", "Area", "Metro", "Region" and postal codes are dropped.
3. The rest splits on commas, parentheses, " - ", "|", "/" and ";". Trailing parts are
   read as country (name, alpha-2/3, common alias) or region (full name or postal code,
   English or French); the first part is the city.
4. Two-letter codes that could be both ("CA" California/Canada, "NL" Newfoundland/
   Netherlands, "IN" Indiana/India) are settled by which reading finds the city.
5. A city name shared by several places ("London") is settled by the stated region or
   country, then by ``default_country``, then by population.

Regions are returned with their English pycountry names ("Quebec", "Ontario"); cities with
their usual name ("New York", not GeoNames' "New York City").

A string that lists several places is read by ``pipeline.normalize.places``, one place at a
time through ``parse_location``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.normalize.gazetteer import City as _City
from pipeline.normalize.gazetteer import Gazetteer as _Gazetteer
from pipeline.normalize.gazetteer import fold as _fold
from pipeline.normalize.gazetteer import gazetteer as _gazetteer
from pipeline.normalize.gazetteer import region_name, warm_up
from pipeline.records import Location

__all__ = ["country_of", "find_city", "parse_location", "region_name", "regions_of", "warm_up"]

# Places people write that are not GeoNames city names: (city, country, region code or None).
_PLACE_ALIASES: dict[str, tuple[str, str]] = {
    "gta": ("Toronto", "CA"),
    "greater toronto area": ("Toronto", "CA"),
    "toronto gta": ("Toronto", "CA"),
    "nyc": ("New York", "US"),
    "new york": ("New York", "US"),
    "new york city": ("New York", "US"),
    "sf": ("San Francisco", "US"),
    "ssf": ("South San Francisco", "US"),
    "bay area": ("San Francisco", "US"),
    "sf bay area": ("San Francisco", "US"),
    "san francisco bay area": ("San Francisco", "US"),
    "silicon valley": ("San Jose", "US"),
    "washington dc": ("Washington", "US"),
    "washington d c": ("Washington", "US"),
    "kitchener waterloo": ("Kitchener", "CA"),
    "kw": ("Kitchener", "CA"),
    "ottawa gatineau": ("Ottawa", "CA"),
    "ncr": ("Ottawa", "CA"),
    "national capital region": ("Ottawa", "CA"),
    "lower mainland": ("Vancouver", "CA"),
    "golden horseshoe": ("Toronto", "CA"),
    "la": ("Los Angeles", "US"),
    "montreal": ("Montréal", "CA"),
    "quebec city": ("Québec", "CA"),
    "ville de quebec": ("Québec", "CA"),
    "st johns": ("St. John's", "CA"),
    "st john s": ("St. John's", "CA"),
}
# An alias that names a city whose region is what tells it apart ("Washington DC" is not the
# state): the region's code follows the city.
_ALIAS_REGION = {"washington dc": "DC", "washington d c": "DC"}
# Parts of the world wider than a country ("Remote, APAC", "Remote (EMEA)"): no place, never a
# city of that name (there is an "Apac" in Uganda).
_CONTINENT_RE = re.compile(
    r"^(?:apac|emea|latam|amer|americas|mena|dach|nordics|benelux|europe|eu|asia|asia[\s-]pacific|"
    r"north\s+america|south\s+america|latin\s+america|africa|middle\s+east|oceania|anz)$",
    re.I,
)
_NOWHERE_RE = re.compile(
    r"^(?:multiple|various|several|many|all|other|any|tbd|n/?a|none|unknown|flexible|"
    r"worldwide|global|anywhere|plusieurs|divers)(?:\s+(?:locations?|sites?|offices?|"
    r"cities|lieux|emplacements|places))?$",
    re.I,
)
_WORKPLACE_RES = [
    ("hybrid", re.compile(r"\bhybrid(?:e)?\b(?:\s+remote)?|\bflex(?:ible)?\s+work\b", re.I)),
    (
        "remote",
        re.compile(
            r"\b(?:fully\s+|100%\s+)?remote(?:\s+first|\s+friendly)?\b|\bwork\s+from\s+home\b"
            r"|\bwfh\b|\bt[ée]l[ée]travail\b|\b[àa]\s+distance\b|\bvirtual\b|\bhome[\s-]based\b"
            # "(Work from) anywhere in (the) US": remote within the place that follows.
            r"|\b(?:work\s+from\s+)?anywhere\s+in(?:\s+the)?\b",
            re.I,
        ),
    ),
    (
        "onsite",
        re.compile(r"\bon[\s-]?site\b|\bin[\s-]office\b|\bin[\s-]person\b|\bsur\s+place\b", re.I),
    ),
]
_DROP_WORDS_RE = re.compile(
    r"\b(?:greater|metro(?:politan)?|area|region|région|downtown|centre[\s-]ville|"
    r"headquarters|hq|office|city\s+of|ville\s+de|county|only)\b|^\s*(?:based\s+)?in\s",
    re.I,
)
_POSTAL_RE = re.compile(
    r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b|\b\d{5}(?:-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"
)
_WORKDAY_RE = re.compile(r"^([A-Z]{2,3})-([A-Z]{2,3})-([^-].*)$")
# A region or country code, then the city: "CA - San Francisco", "FL-Jacksonville", "GB-London",
# "US-NYC" (rewritten as "city, code" when the code is one the gazetteer knows).
_CODE_CITY_RE = re.compile(r"^([A-Z]{2,3})\s*[-\u2013]\s*([A-Za-z\u00c0-\u024f][^,;()]*)$")
# A country's name joined to its city by a bare hyphen ("Canada-Toronto", "India-Pune").
_NAME_CITY_RE = re.compile(r"^([^\W\d_][^\W\d_ .]*(?:\s[^\W\d_]+)?)-([^\W\d_][^,;()]*)$")
_DC_RE = re.compile(r"\bD\.\s?C\.?(?=\W|$)")
_SPLIT_RE = re.compile(r"\s*(?:[,;|/()\[\]•·]|\s[-–—:]\s|\s[-–—]|[-–—]\s)\s*")


def country_of(part: str, g: _Gazetteer) -> str | None:
    if len(part) == 2 and part.isupper() and part in g.alpha2:
        return part
    if part.upper() in ("UK", "USA"):
        return "GB" if part.upper() == "UK" else "US"
    return g.countries.get(_fold(part)) if len(part) > 2 or part.lower() == "us" else None


def regions_of(part: str, g: _Gazetteer) -> list[tuple[str, str]]:
    if 2 <= len(part) <= 3 and part.isupper() and part in g.region_codes:
        return g.region_codes[part]
    return g.regions.get(_fold(part), [])


def find_city(
    name: str, country: str | None, region: str | None, default_country: str | None
) -> _City | None:
    g = _gazetteer()
    key = _fold(name)
    candidates = g.cities.get(key, [])
    if not candidates and key in _PLACE_ALIASES:
        alias, alias_country = _PLACE_ALIASES[key]
        candidates = [c for c in g.cities.get(_fold(alias), []) if c.country == alias_country]
    if country:
        candidates = [c for c in candidates if c.country == country]
    if region:
        candidates = [c for c in candidates if c.region == region]
    if not candidates:
        return None
    if default_country:
        preferred = [c for c in candidates if c.country == default_country]
        # A far bigger namesake abroad still loses to the home country's city.
        if preferred:
            return preferred[0]
    return candidates[0]


def _workplace(text: str) -> tuple[str | None, str]:
    found = None
    for value, pattern in _WORKPLACE_RES:
        if pattern.search(text):
            found = found or value
            text = pattern.sub(" ", text)
    return found, text


def parse_location(text: str, default_country: str | None = None) -> Location | None:
    """A ``Location`` read from ``text``; ``None`` when it names no place or workplace."""
    if not isinstance(text, str) or not (
        default_country is None or isinstance(default_country, str)
    ):
        return None
    return _parse_cached(text, default_country)


# Sources repeat the same few place strings on every posting: cache the readings.
@lru_cache(maxsize=32_768)
def _parse_cached(text: str, default_country: str | None) -> Location | None:
    try:
        return _parse(text, default_country)
    except Exception:  # noqa: BLE001 - never raise on site data
        return None


def _parse(text: str, default_country: str | None) -> Location | None:
    if not isinstance(text, str) or not text.strip() or len(text) > 500:
        return None
    workplace, rest = _workplace(text)
    # Workday style "US-CA-San Jose" / "CAN-ON-Toronto": country-region-city.
    m = _WORKDAY_RE.match(rest.strip())
    if m:
        rest = f"{m.group(3)}, {m.group(2)}, {m.group(1)}"
    else:
        m = _CODE_CITY_RE.match(rest.strip())
        if m:
            rest = _code_first(m.group(1), m.group(2)) or rest
        elif (m := _NAME_CITY_RE.match(rest.strip())) and (
            code := country_of(m.group(1), _gazetteer())
        ):
            rest = _code_first(code, m.group(2)) or rest  # "Canada-Toronto"
    rest = _DC_RE.sub("DC", rest)
    rest = _POSTAL_RE.sub(" ", rest)
    parts = [p.strip(" .-") for p in _SPLIT_RE.split(rest)]
    parts = [q for p in parts for q in _unalias(p)]
    parts = [p for p in parts if not _CONTINENT_RE.match(p.strip())]
    parts = [_DROP_WORDS_RE.sub(" ", p) for p in parts if p and not _NOWHERE_RE.match(p.strip())]
    parts = [re.sub(r"\s+", " ", p).strip(" .-") for p in parts]
    parts = [p for p in parts if p and not _NOWHERE_RE.match(p)]
    # "Toronto ON" / "London UK": a trailing code inside the last part.
    if parts:
        m = re.match(r"^(.*\S)\s+([A-Z]{2,3})$", parts[-1])
        if m:
            parts[-1:] = [m.group(1), m.group(2)]
    if not parts:
        return Location(workplace=workplace) if workplace else None
    parts = _country_last(parts)
    loc = _resolve(parts, default_country, workplace)
    if loc == Location():
        return None
    return loc


def _code_first(code: str, place: str) -> str | None:
    """ "CA - San Francisco HQ" as "San Francisco, CA"; "DE-Berlin-Das Center" (a country, a
    city, a building) as "Berlin, DE"; "CA-Ontario-Toronto" as "Toronto, Ontario, CA". Only
    when the city is one of that code's country or region; else None (read as written)."""
    g = _gazetteer()
    owners = set(g.region_codes.get(code, []))
    country = "US" if code == "USA" else code if code in g.alpha2 else None
    if country is None and not owners:
        return None
    pieces = [p.strip() for p in place.split("-") if p.strip()]
    tries: list[tuple[str, str | None]] = [(place, None)]
    if len(pieces) > 1:
        # "CA-Ontario-Toronto": the middle piece is a region of the code's country
        named = any(rc == country for rc, _ in regions_of(pieces[0], g))
        pair = [(pieces[-1], pieces[0]), (pieces[0], None)]
        tries += pair if named else pair[::-1]
    for name, region in tries:
        key = _fold(_DROP_WORDS_RE.sub(" ", name))
        key = _fold(_PLACE_ALIASES[key][0]) if key in _PLACE_ALIASES else key
        for city in g.cities.get(key, []):
            if city.country == country or (city.country, city.region) in owners:
                return ", ".join(x for x in (name, region, code) if x)
    return None


def _country_last(parts: list[str]) -> list[str]:
    """ "Canada - Toronto", "USA - Seattle, WA", "Brazil, Sao Paulo": a country written before a
    city of its own goes to the end, where a country is read."""
    if len(parts) < 2:
        return parts
    g = _gazetteer()
    country = country_of(parts[0], g)
    if country is None:
        return parts
    for p in parts[1:]:  # another country named ("MA" is Massachusetts here, not Morocco)
        other = country_of(p, g)
        if other and not any(rc == country for rc, _ in regions_of(p, g)):
            return parts
    city = any(c.country == country for c in g.cities.get(_fold(parts[1]), []))
    regions = all(any(rc == country for rc, _ in regions_of(p, g)) for p in parts[1:])
    return [*parts[1:], parts[0]] if city or regions else parts


def _unalias(part: str) -> list[str]:
    """A part as the place it stands for: "NYC" -> New York; "Washington DC" -> Washington, DC."""
    key = _fold(part)
    if key not in _PLACE_ALIASES:
        return [part]
    city = _PLACE_ALIASES[key][0]
    return [city, _ALIAS_REGION[key]] if key in _ALIAS_REGION else [city]


def _resolve(parts: list[str], default_country: str | None, workplace: str | None) -> Location:
    g = _gazetteer()
    best: tuple[float, Location] | None = None
    for country, region, city_parts in _readings(parts, g):
        score, loc = _score(city_parts, country, region, default_country, workplace)
        if best is None or score > best[0]:
            best = (score, loc)
    assert best is not None
    return best[1]


def _readings(parts: list[str], g: _Gazetteer) -> list[tuple[str | None, str | None, list[str]]]:
    """Every way to read trailing parts as (country, region) with the rest as the city."""
    out: list[tuple[str | None, str | None, list[str]]] = [(None, None, parts)]
    tails: list[tuple[str | None, str | None, int]] = [(None, None, len(parts))]
    for i in range(len(parts) - 1, -1, -1):
        grown: list[tuple[str | None, str | None, int]] = []
        for country, region, end in tails:
            if end != i + 1:
                continue
            part = parts[i]
            c = country_of(part, g)
            if c and country is None and region is None:
                grown.append((c, None, i))
            if region is None:
                for rc, rname in regions_of(part, g):
                    if country in (None, rc):
                        grown.append((rc, rname, i))
        tails.extend(grown)
        out.extend((c, r, parts[:end]) for c, r, end in grown)
        if not grown:
            break
    return out


def _same_region(a: str, b: str) -> bool:
    """ "Heredia" and "Provincia de Heredia" name one region."""
    fa, fb = _fold(a), _fold(b)
    return fa in fb or fb in fa


def _elsewhere(name: str, city: _City) -> bool:
    """Whether ``name`` also names a region the city is not in, and the city is not big.

    Cities of a million or more keep their name ("New York", "Delhi"); a city inside the
    region of its name ("Bremen", "Québec") is the same place either way.
    """
    if city.population >= 1_000_000:
        return False
    for country, region in _gazetteer().regions.get(_fold(name), []):
        if country != city.country or city.region not in (None, region):
            return True
    return False


def _score(
    city_parts: list[str],
    country: str | None,
    region: str | None,
    default_country: str | None,
    workplace: str | None,
) -> tuple[float, Location]:
    """Higher is a better reading: places found, parts explained, home country preferred."""
    score = (1.0 if country else 0.0) + (1.0 if region else 0.0)
    score -= 2.0 * max(len(city_parts) - 1, 0)  # parts this reading leaves unexplained
    if default_country and country == default_country:
        score += 0.5
    g = _gazetteer()
    if not city_parts:
        return score, Location(None, region, country, workplace)
    if (
        country
        and len(city_parts) > 1
        and all(any(rc == country for rc, _ in regions_of(p, g)) for p in city_parts)
        and not any(
            c.country == country and c.population >= 100_000
            for p in city_parts
            for c in g.cities.get(_fold(p), [])
        )
    ):
        # "Canada - Remote (ON, AB, BC, NS only)": several regions, so no one region
        return score + 2.0 * len(city_parts), Location(None, None, country, workplace)
    city_name = city_parts[0]
    found = find_city(city_name, country, region, default_country)
    if found:
        score += 3.2 + min(found.population, 10_000_000) / 1e9
        named = country_of(city_name, g)
        if named and named != found.country and found.population < 1_000_000:
            score -= 3.0  # "Colombia" is the country, not the town of that name in Cuba
        if (
            country
            and region is None
            and found.population < 100_000
            and found.region
            and any(
                rc == country and not _same_region(rname, found.region)
                for rc, rname in regions_of(city_name, g)
            )
        ):
            score -= 2.5  # "Oregon, USA" is the state, not the town in Ohio
        if country is None and default_country and found.country != default_country:
            score -= 1.0  # a bare name abroad loses to a same-named region at home
        elif country is None and found.country != default_country and _elsewhere(city_name, found):
            score -= 1.5  # a bare "Ontario" is the province, not the town in California
        return score, Location(found.name, region or found.region, found.country, workplace)
    if not (country or region):
        return score - 5.0, Location(None, None, None, workplace)
    if (
        country
        and not any(c.country == country for c in g.cities.get(_fold(city_name), []))
        and (
            (region is None and country_of(city_name, g))
            or any(
                rc == country and not (region and _same_region(rn, region))
                for rc, rn in regions_of(city_name, g)
            )
        )
    ):
        # another region of the country ("ON, AB"): the country, no one region, no city
        return score - 0.5, Location(None, None, country, workplace)
    # Unknown place inside a known region/country: keep what the site wrote.
    return score - 0.5, Location(city_name, region, country, workplace)
