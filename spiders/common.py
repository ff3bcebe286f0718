"""Small helpers the kind modules share: reading loosely typed JSON without raising.

Site data is untrusted: a field may be missing, ``null``, a number where a string was due, or a
list. These helpers return ``None`` (or an empty tuple) for anything unusable, so a kind module
says what it wants once and never crashes on one odd posting.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit


def text(value: Any) -> str | None:
    """A non-empty stripped string from a string or number; ``None`` for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def obj(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def items(value: Any) -> list[Any]:
    """``value`` if it is a JSON list, else an empty one."""
    return value if isinstance(value, list) else []


def number(value: Any) -> float | None:
    """A number from a number or a numeric string ("75000", "75,000.50"); else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").strip())
        except ValueError:
            return None
    return None


def unique(values: list[str | None]) -> tuple[str, ...]:
    """Non-empty values in first-seen order, each once."""
    return tuple(dict.fromkeys(v for v in values if v))


def join(base: str, href: str) -> str:
    """``href`` made absolute against ``base``; ``href`` itself when it is no valid URL
    ("http://[oops"), so the crawler skips and counts it instead of the page failing."""
    try:
        return urljoin(base, href)
    except ValueError:
        return href


def with_query(url: str, **params: object) -> str:
    """``url`` with these query parameters set (others kept, sorted for stable URLs)."""
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    query.update({k: str(v) for k, v in params.items()})
    return urlunsplit(parts._replace(query=urlencode(sorted(query.items()))))


def query_int(url: str, name: str, default: int) -> int:
    """An integer query parameter of ``url``, ``default`` when absent or not a number."""
    value = parse_qs(urlsplit(url).query).get(name, [""])[-1]
    return int(value) if value.isdigit() else default


def require(entry: Any, index: int, *keys: str) -> tuple[str, ...]:
    """The text of ``keys`` in listing entry ``index``, or ``ExtractError`` naming the field.

    A listing entry that cannot become a record (not an object, a title that is a list, a
    missing URL) is malformed. Read through ``spiders.unreadable.read_each`` it is left out and
    counted as skipped (the listing is then incomplete, so it closes nothing, and a board of
    nothing but such entries is ``empty``, never ok); read directly, it fails the page.
    """
    from spiders.kinds import ExtractError  # kinds imports nothing from here: no cycle

    if not isinstance(entry, dict):
        raise ExtractError(
            f"malformed posting #{index}: a JSON {type(entry).__name__}, not an object"
        )
    out = []
    for key in keys:
        value = text(entry.get(key))
        if value is None or isinstance(entry.get(key), bool | int | float):
            got = entry.get(key)
            shown = "missing" if got in (None, "") else f"a {type(got).__name__}, not text"
            raise ExtractError(f"malformed posting #{index}: '{key}' is {shown}")
        out.append(value)
    return tuple(out)
